import type { Server } from 'node:http';
import type { Registry } from '@salesgraph/telemetry';
import { createHttpServer, healthRoutes, metricsRoute } from './http-server.js';

export interface ProbeRoutes {
  readonly readiness: () => Promise<boolean>;
  /** The process's prom-client registry, rendered at /metrics. */
  readonly metrics?: Registry;
}

/** A server of the probes only, for processes without GraphQL (the outbox relay): liveness, readiness, metrics. */
export function createProbeServer(routes: ProbeRoutes): Server {
  return createHttpServer({
    routes: [...healthRoutes(routes.readiness), ...(routes.metrics ? [metricsRoute(routes.metrics)] : [])],
  });
}
