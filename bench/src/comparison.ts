import type { BenchConfig } from './config.js';
import { firstDifference, withoutCostReport } from './difference.js';
import type { RunningGateway } from './gateways/gateways.js';
import type { LoadSpec } from './load/load.js';
import { measure, type Measurement } from './measure.js';
import { round, spread, type Spread } from './stats.js';

/** What results.json holds per gateway: medians over the runs; errors summed over them. */
export type GatewayEntry = Pick<Measurement, 'rps' | 'p50' | 'p95' | 'p99' | 'errors' | 'rssMb'>;

/** Everything else measured, for RESULTS.md and results-detail.json. */
export interface GatewayDetail {
  readonly runs: number;
  readonly rps: Spread;
  readonly p50: Spread;
  readonly p95: Spread;
  readonly p99: Spread;
  readonly rssMb: Spread;
  readonly cpuCores: Spread;
  readonly cpuMsPerRequest: Spread;
  readonly subgraphRequestsPerOperation: Spread;
  readonly loadAverage: Spread;
  readonly errorKinds: Record<string, number>;
  readonly sampleMismatch?: string;
}

export interface Target {
  readonly name: string;
  /** The process measured (the gateway, or the direct fetcher). */
  readonly pid: number;
  readonly url: string;
  readonly headers: Record<string, string>;
  /** One principal per connection (LoadSpec.connectionHeaders). */
  readonly connectionHeaders?: readonly Record<string, string>[];
}

export interface ComparisonOptions {
  readonly config: Readonly<BenchConfig>;
  readonly targets: readonly Target[];
  readonly body: string;
  readonly expected: unknown;
  readonly subgraphRequests: (target: Target) => Promise<number>;
  readonly log: (message: string) => void;
}

export function summarize(measurements: readonly Measurement[]): { entry: GatewayEntry; detail: GatewayDetail } {
  const of = (pick: (m: Measurement) => number) => spread(measurements.map(pick));
  const kinds: Record<string, number> = {};
  for (const m of measurements)
    for (const [kind, n] of Object.entries(m.load.errorKinds)) kinds[kind] = (kinds[kind] ?? 0) + n;
  const detail: GatewayDetail = {
    runs: measurements.length,
    rps: of((m) => m.rps),
    p50: of((m) => m.p50),
    p95: of((m) => m.p95),
    p99: of((m) => m.p99),
    rssMb: of((m) => m.rssMb),
    cpuCores: of((m) => m.cpuCores),
    cpuMsPerRequest: of((m) => m.cpuMsPerRequest),
    subgraphRequestsPerOperation: of((m) => m.subgraphRequestsPerOperation),
    loadAverage: of((m) => m.loadAverage),
    errorKinds: kinds,
    ...(measurements.find((m) => m.load.sampleMismatch)
      ? { sampleMismatch: measurements.find((m) => m.load.sampleMismatch)?.load.sampleMismatch }
      : {}),
  };
  return {
    entry: {
      rps: round(detail.rps.median, 0),
      p50: round(detail.p50.median, 2),
      p95: round(detail.p95.median, 2),
      p99: round(detail.p99.median, 2),
      errors: measurements.reduce((sum, m) => sum + m.errors, 0),
      rssMb: round(detail.rssMb.median, 0),
    },
    detail,
  };
}

/**
 * Runs the same operation against every target, interleaved (run 1: A, B, C; run 2: A, B, C;
 * ...), so slow drifts of the machine spread over all of them alike.
 */
export async function compareTargets(
  options: ComparisonOptions,
): Promise<Record<string, { entry: GatewayEntry; detail: GatewayDetail }>> {
  const { config } = options;
  const byTarget = new Map<string, Measurement[]>(options.targets.map((target) => [target.name, []]));
  for (let run = 1; run <= config.BENCH_RUNS; run += 1) {
    for (const target of options.targets) {
      const spec: LoadSpec = {
        url: target.url,
        headers: { 'content-type': 'application/json', ...target.headers },
        body: options.body,
        connections: config.BENCH_CONNECTIONS,
        warmupSeconds: config.BENCH_WARMUP_SECONDS,
        durationSeconds: config.BENCH_DURATION_SECONDS,
        expected: options.expected,
        ...(target.connectionHeaders ? { connectionHeaders: target.connectionHeaders } : {}),
      };
      const result = await measure({
        pid: target.pid,
        spec,
        loadCpus: config.BENCH_LOAD_CPUS,
        subgraphRequests: () => options.subgraphRequests(target),
      });
      byTarget.get(target.name)?.push(result);
      options.log(
        `  run ${run}/${config.BENCH_RUNS} ${target.name}: ${result.rps.toFixed(0)} rps, p50 ${result.p50.toFixed(1)} ms, p95 ${result.p95.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, errors ${result.errors}, rss ${result.rssMb.toFixed(0)} MB, cpu ${result.cpuCores.toFixed(2)} cores, ${result.subgraphRequestsPerOperation.toFixed(2)} subgraph req/op, load avg ${result.loadAverage.toFixed(1)}`,
      );
      if (result.load.sampleMismatch)
        options.log(`    sample of a wrong answer: ${result.load.sampleMismatch.slice(0, 300)}`);
    }
  }
  return Object.fromEntries([...byTarget].map(([name, measurements]) => [name, summarize(measurements)]));
}

/** Sends the operation once and tells whether the answer is the expected one (before any load). */
export async function checkOnce(
  target: Pick<RunningGateway, 'url'> & { headers: Record<string, string> },
  body: string,
  expected: unknown,
): Promise<{ ok: boolean; sample: string }> {
  const response = await fetch(target.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...target.headers },
    body,
  });
  const text = await response.text();
  let difference: string | undefined;
  try {
    difference = response.ok
      ? firstDifference(withoutCostReport(JSON.parse(text)), expected)
      : `HTTP ${response.status}`;
  } catch {
    difference = 'not JSON';
  }
  return { ok: difference === undefined, sample: `${difference ?? ''} — ${text.slice(0, 600)}` };
}
