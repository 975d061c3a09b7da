import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext, type ContextFunction } from '@apollo/server';
import { SpanKind, contextFromHeaders, inSpan, type Registry } from '@salesgraph/telemetry';
import { send, serveProbes } from './probes.js';

export interface HttpRoutes<C extends BaseContext> {
  readonly apollo: ApolloServer<C>;
  readonly context: ContextFunction<[{ req: IncomingMessage }], C>;
  readonly readiness: () => Promise<boolean>;
  /** The process's prom-client registry, rendered at /metrics. */
  readonly metrics?: Registry;
  readonly maxBodyBytes?: number;
  /** False while the process still waits for its dependencies: /graphql answers 503 (the probes answer). */
  readonly accepting?: () => boolean;
}

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A plain node:http server: GraphQL at /graphql, plus /healthz, /readyz and /metrics. */
export function createHttpServer<C extends BaseContext>(routes: HttpRoutes<C>): Server {
  const limit = routes.maxBodyBytes ?? 1024 * 1024;
  const server = createServer((req, res) => {
    // Once closing began, every response ends its connection, so keep-alive sockets do not
    // outlive the drain (node:http only closes connections that are idle at close()).
    if (closing.has(server)) res.setHeader('connection', 'close');
    handle(req, res).catch(() => {
      if (!res.headersSent)
        send(
          res,
          500,
          JSON.stringify({
            errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
          }),
        );
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (await serveProbes(url.pathname, res, routes)) return;
    if (url.pathname !== '/graphql') return send(res, 404, '{"error":"not found"}');
    if (routes.accepting && !routes.accepting()) {
      res.setHeader('retry-after', '1');
      return send(
        res,
        503,
        JSON.stringify({
          errors: [{ message: 'Starting: not ready yet', extensions: { code: 'SUBGRAPH_UNAVAILABLE' } }],
        }),
      );
    }

    let raw: string;
    try {
      raw = req.method === 'POST' ? await readBody(req, limit) : '';
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        // The rest of the body is never read: close the connection instead of leaving it half-read.
        res.setHeader('connection', 'close');
        return send(
          res,
          413,
          JSON.stringify({ errors: [{ message: 'Request body too large', extensions: { code: 'BAD_REQUEST' } }] }),
        );
      }
      throw error;
    }
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    let body: unknown = raw;
    if (raw && (headers.get('content-type') ?? '').includes('application/json')) {
      try {
        body = JSON.parse(raw);
      } catch {
        return send(
          res,
          400,
          JSON.stringify({
            errors: [{ message: 'Request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }],
          }),
        );
      }
    }
    // The server span continues the caller's W3C trace context (operationTelemetryPlugin names it).
    const response = await inSpan(
      `${req.method ?? 'GET'} /graphql`,
      { kind: SpanKind.SERVER, parent: contextFromHeaders(req.headers), attributes: { 'http.route': '/graphql' } },
      () =>
        routes.apollo.executeHTTPGraphQLRequest({
          httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
          context: () => routes.context({ req }),
        }),
    );
    for (const [name, value] of response.headers) res.setHeader(name, value);
    if (closing.has(server)) res.setHeader('connection', 'close');
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  }

  return server;
}

const closing = new WeakSet<Server>();

/** Stops accepting connections, closes idle keep-alive sockets, waits for in-flight requests. */
export async function closeHttpServer(server: Server): Promise<void> {
  if (!server.listening) return;
  closing.add(server);
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // Requests in flight at close() keep their sockets; once answered those sockets go idle
  // and are closed here, instead of lingering for the keep-alive timeout.
  server.closeIdleConnections();
  const sweeper = setInterval(() => server.closeIdleConnections(), 25);
  try {
    await closed;
  } finally {
    clearInterval(sweeper);
  }
}

export async function listen(server: Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  return typeof address === 'object' && address ? address.port : port;
}
