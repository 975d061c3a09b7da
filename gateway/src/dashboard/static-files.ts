import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname } from 'node:path';
import { gzipSync } from 'node:zlib';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

export interface StaticFile {
  readonly body: Buffer;
  readonly gzipped: Buffer;
  readonly etag: string;
  readonly type: string;
}

/** Builds a file's response once: content type by extension, a strong ETag, a gzipped copy. */
export function staticFile(body: Buffer, name: string): StaticFile {
  return {
    body,
    gzipped: gzipSync(body),
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
    type: contentTypes[extname(name)] ?? 'application/octet-stream',
  };
}

/** Reads a file on first use and keeps it (the assets do not change while the process runs). */
export function cachedFile(path: string): () => Promise<StaticFile> {
  let file: Promise<StaticFile> | null = null;
  return () => {
    file ??= readFile(path).then((body) => staticFile(body, path));
    file.catch(() => (file = null));
    return file;
  };
}

/** Sends a file (gzip when accepted, 304 on a matching If-None-Match); revalidated on every use. */
export function sendFile(
  req: IncomingMessage,
  res: ServerResponse,
  file: StaticFile,
  headers: Record<string, string> = {},
): void {
  const common = {
    'content-type': file.type,
    etag: file.etag,
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
    vary: 'accept-encoding',
    ...headers,
  };
  if (req.headers['if-none-match'] === file.etag) {
    res.writeHead(304, common);
    res.end();
    return;
  }
  const gzip = /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
  const body = gzip ? file.gzipped : file.body;
  res.writeHead(200, { ...common, ...(gzip ? { 'content-encoding': 'gzip' } : {}), 'content-length': body.length });
  res.end(req.method === 'HEAD' ? undefined : body);
}
