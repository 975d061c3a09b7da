import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Registry } from '@salesgraph/telemetry';

/** Answers one request; `url` is the parsed request URL. */
export type RequestHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> | void;
/** Takes over the socket of an HTTP upgrade (WebSocket). */
export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

/**
 * One entry of a server's route table. Routes are tried in order; the first whose path,
 * method and `when` fit the request answers it. A path ending in `/*` matches everything
 * under it.
 */
export interface Route {
  readonly path: string;
  /** Absent: every method. */
  readonly methods?: readonly string[];
  /** A further condition (e.g. a browser asking for HTML, a client asking for an event stream). */
  readonly when?: (req: IncomingMessage) => boolean;
  readonly handle?: RequestHandler;
  /** Serves HTTP upgrades (WebSocket) at this path. */
  readonly upgrade?: UpgradeHandler;
}

export interface HttpServerOptions {
  readonly routes: readonly Route[];
}

export function send(res: ServerResponse, status: number, body: string, type = 'application/json'): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

const pathMatches = (route: Route, pathname: string) =>
  route.path.endsWith('/*') ? pathname.startsWith(route.path.slice(0, -1)) : pathname === route.path;

/** The route that answers a request, or undefined. */
export function findRoute(routes: readonly Route[], req: IncomingMessage, pathname: string): Route | undefined {
  return routes.find(
    (route) =>
      route.handle &&
      pathMatches(route, pathname) &&
      (!route.methods || route.methods.includes(req.method ?? 'GET')) &&
      (!route.when || route.when(req)),
  );
}

/**
 * A plain node:http server over one route table (STYLE.md 13: one table per server, no
 * request listeners spliced in later). Unknown paths are 404; an upgrade no route takes is
 * refused with 404 too. Once closing began, every response ends its connection.
 */
export function createHttpServer({ routes }: HttpServerOptions): Server {
  const server = createServer((req, res) => {
    // Once closing began, every response ends its connection, so keep-alive sockets do not
    // outlive the drain (node:http only closes connections that are idle at close()).
    if (closing.has(server)) res.setHeader('connection', 'close');
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = findRoute(routes, req, url.pathname);
    if (!route?.handle) return send(res, 404, '{"error":"not found"}');
    Promise.resolve()
      .then(() => route.handle!(req, res, url))
      .catch(() => {
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
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    const route = routes.find((candidate) => candidate.upgrade && pathMatches(candidate, pathname));
    if (!route?.upgrade) {
      socket.end('HTTP/1.1 404 Not Found\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    route.upgrade(req, socket, head);
  });
  server.keepAliveTimeout = 65_000;
  return server;
}

/** `/healthz` (the process answers) and `/readyz` (it takes work: `readiness()`). */
export function healthRoutes(readiness: () => Promise<boolean>): Route[] {
  return [
    { path: '/healthz', handle: (_req, res) => send(res, 200, '{"status":"ok"}') },
    {
      path: '/readyz',
      handle: async (_req, res) => {
        const ready = await readiness().catch(() => false);
        send(res, ready ? 200 : 503, JSON.stringify({ status: ready ? 'ready' : 'not ready' }));
      },
    },
  ];
}

/** `/metrics`: the process's prom-client registry in the Prometheus text format. */
export function metricsRoute(registry: Registry): Route {
  return {
    path: '/metrics',
    handle: async (_req, res) => send(res, 200, await registry.metrics(), registry.contentType),
  };
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

/** Whether the server began closing (responses then end their connection). */
export const isClosing = (server: Server): boolean => closing.has(server);

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
