import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Route } from './http-server.js';

/** The request body was longer than the limit; the rest of it is never read. */
export class BodyTooLarge extends Error {}

/** The request body as UTF-8; throws BodyTooLarge past `limit` bytes. */
export async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A plain HTTP endpoint (a provider's webhook, an intake): reads the request (readBody) and answers it (send). */
export type HttpHandler = (req: IncomingMessage, res: ServerResponse, maxBodyBytes: number) => Promise<void>;

/** Plain handlers by exact path, as routes of a server's table, each given the body limit. */
export function handlerRoutes(handlers: Readonly<Record<string, HttpHandler>>, maxBodyBytes = 1024 * 1024): Route[] {
  return Object.entries(handlers).map(([path, handler]) => ({
    path,
    handle: (req, res) => handler(req, res, maxBodyBytes),
  }));
}
