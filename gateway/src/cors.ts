import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap } from '@apollo/server';
import { z } from 'zod';
import type { Identity } from '@salesgraph/auth';
import { commaList, jsonSetting } from '@salesgraph/config';
import { appError } from '@salesgraph/errors';
import { send, type RequestHandler, type Route } from '@salesgraph/http';

const origin = z
  .string()
  .url()
  .refine((value) => new URL(value).origin === value, 'an origin: scheme://host[:port], no path');

/** The CORS part of the gateway environment (spread into `gatewayEnv`; README: CORS). */
export const corsEnv = {
  /** Browser origins of the internal apps, allowed on /graphql (comma-separated). */
  CORS_ALLOWED_ORIGINS: z.string().default('').transform(commaList).pipe(z.array(origin)),
  /** `{"<client id>": ["https://app.example.com"]}`: each public API client's browser origins on /public/graphql. */
  CORS_CLIENT_ORIGINS: jsonSetting('{}', 'a JSON object of client id -> [origin, ...]').pipe(
    z.record(z.string().min(1), z.array(origin)),
  ),
};

export interface CorsConfig {
  readonly CORS_ALLOWED_ORIGINS: readonly string[];
  readonly CORS_CLIENT_ORIGINS: Readonly<Record<string, readonly string[]>>;
}

/** Headers a browser may send to a GraphQL endpoint, and the response headers its script may read. */
const ALLOWED_HEADERS =
  'authorization, content-type, accept, apollo-require-preflight, x-apollo-operation-name, traceparent';
const EXPOSED_HEADERS = 'ratelimit, ratelimit-policy, retry-after';

/** The page's own origin (same-origin requests, e.g. GraphiQL served by the gateway, are not cross-origin). */
const ownOrigin = (req: IncomingMessage) => {
  const tls = 'encrypted' in req.socket && Boolean(req.socket.encrypted);
  return `${tls ? 'https' : 'http'}://${req.headers.host ?? ''}`;
};

const forbidden = (res: ServerResponse, message: string) =>
  send(res, 403, JSON.stringify({ errors: [{ message, extensions: { code: 'FORBIDDEN' } }] }));

/**
 * CORS for the GraphQL endpoints: browsers get an allow-list, everything else is refused.
 * `/graphql` allows the internal apps' origins (`CORS_ALLOWED_ORIGINS`, configured once);
 * `/public/graphql` each client's own (`CORS_CLIENT_ORIGINS`): its preflight (which carries no
 * token) admits the origins of any client, and the request itself only its client's
 * (`checkClientOrigin`, once the token says who the client is). A request without `Origin`
 * (not from a browser) or from the gateway's own origin is not cross-origin and passes.
 */
export function createCors(config: CorsConfig) {
  const internal = new Set(config.CORS_ALLOWED_ORIGINS);
  const anyClient = new Set(Object.values(config.CORS_CLIENT_ORIGINS).flat());
  const crossOrigin = (req: IncomingMessage): string | undefined => {
    const value = req.headers.origin;
    return value && value !== ownOrigin(req) ? value : undefined;
  };

  const preflight =
    (allowed: ReadonlySet<string>): RequestHandler =>
    (req, res) => {
      const from = crossOrigin(req);
      const method = String(req.headers['access-control-request-method'] ?? '');
      if (!from || !allowed.has(from) || !['GET', 'POST'].includes(method)) {
        return forbidden(res, 'This origin may not call this endpoint');
      }
      res.writeHead(204, {
        'access-control-allow-origin': from,
        'access-control-allow-methods': 'GET, POST',
        'access-control-allow-headers': ALLOWED_HEADERS,
        'access-control-max-age': '600',
        vary: 'origin',
      });
      res.end();
    };

  const guarded =
    (allowed: ReadonlySet<string>, handler: RequestHandler): RequestHandler =>
    async (req, res, url) => {
      const from = crossOrigin(req);
      if (from) {
        if (!allowed.has(from)) return forbidden(res, 'This origin may not call this endpoint');
        res.setHeader('access-control-allow-origin', from);
        res.setHeader('access-control-expose-headers', EXPOSED_HEADERS);
        res.setHeader('vary', 'origin');
      }
      await handler(req, res, url);
    };

  return {
    /** OPTIONS routes answering preflights at the two endpoints (before every other route). */
    preflightRoutes(paths: { readonly internal: string; readonly public: string }): Route[] {
      return [
        { path: paths.internal, methods: ['OPTIONS'], handle: preflight(internal) },
        { path: paths.public, methods: ['OPTIONS'], handle: preflight(anyClient) },
      ];
    },
    /** The /graphql handler behind the internal allow-list. */
    internal: (handler: RequestHandler) => guarded(internal, handler),
    /** The /public/graphql handler behind the union of the clients' allow-lists. */
    public: (handler: RequestHandler) => guarded(anyClient, handler),
    /** Throws 403 FORBIDDEN when a browser request's origin is not one of this client's (sub = client id). */
    checkClientOrigin(req: IncomingMessage, identity: Identity): void {
      const from = crossOrigin(req);
      if (!from || (config.CORS_CLIENT_ORIGINS[identity.sub] ?? []).includes(from)) return;
      throw appError('FORBIDDEN', 'This origin may not call the API for this client', {
        http: { status: 403, headers: new HeaderMap() },
      });
    },
  };
}

export type Cors = ReturnType<typeof createCors>;
