import { createServer, type Server, type ServerResponse } from 'node:http';
import type { Registry } from '@salesgraph/telemetry';

export interface ProbeRoutes {
  readonly readiness: () => Promise<boolean>;
  /** The process's prom-client registry, rendered at /metrics. */
  readonly metrics?: Registry;
}

export function send(res: ServerResponse, status: number, body: string, type = 'application/json'): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** Answers /healthz (alive), /readyz (200 ready / 503 not) and /metrics; false for any other path. */
export async function serveProbes(pathname: string, res: ServerResponse, routes: ProbeRoutes): Promise<boolean> {
  if (pathname === '/healthz') {
    send(res, 200, '{"status":"ok"}');
    return true;
  }
  if (pathname === '/readyz') {
    const ready = await routes.readiness().catch(() => false);
    send(res, ready ? 200 : 503, JSON.stringify({ status: ready ? 'ready' : 'not ready' }));
    return true;
  }
  if (pathname === '/metrics' && routes.metrics) {
    send(res, 200, await routes.metrics.metrics(), routes.metrics.contentType);
    return true;
  }
  return false;
}

/** A server of the probes only, for processes without GraphQL (the outbox relay): liveness, readiness, metrics. */
export function createProbeServer(routes: ProbeRoutes): Server {
  return createServer((req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    serveProbes(pathname, res, routes).then(
      (served) => served || send(res, 404, '{"error":"not found"}'),
      () => (res.headersSent ? res.destroy() : send(res, 500, '{"error":"internal"}')),
    );
  });
}
