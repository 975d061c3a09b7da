import { Counter, Registry, collectDefaultMetrics } from 'prom-client';

export type { Registry };

/**
 * A process's metrics registry with prom-client's default process metrics (CPU, memory, open
 * handles, GC, event-loop lag and utilisation). `/metrics` renders it (packages/http); the
 * scraper's `job`/`instance` labels tell processes apart.
 */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });
  return registry;
}

/**
 * Keeps a label's values bounded: the first `limit` distinct values are kept, later ones count
 * under `other` — a client choosing operation names can never grow the series without end.
 */
export function boundedLabel(limit: number): (value: string) => string {
  const seen = new Set<string>();
  return (value) => {
    if (seen.has(value)) return value;
    if (seen.size >= limit) return 'other';
    seen.add(value);
    return value;
  };
}

/** Latency buckets (seconds) of every request histogram: 5 ms to 10 s. */
export const latencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Declares the counters of one registry, a call each: `counter(name, help, labelNames)`
 * (prom-client's Counter, registered in `registry` only).
 */
export function countersIn(registry: Registry) {
  return <Label extends string = string>(name: string, help: string, labelNames: readonly Label[] = []) =>
    new Counter<Label>({ name, help, labelNames, registers: [registry] });
}
