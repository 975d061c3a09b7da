import { mkdtempSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoadResult, LoadSpec } from './load/load.js';
import { benchDist } from './paths.js';
import { cpuSeconds, launch, rssSampler } from './processes.js';

export interface Measurement {
  readonly rps: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly errors: number;
  readonly rssMb: number;
  /** Cores the gateway used during the measured window (1.0 = one core busy). */
  readonly cpuCores: number;
  /** Gateway CPU milliseconds per correct response. */
  readonly cpuMsPerRequest: number;
  readonly subgraphRequestsPerOperation: number;
  /** 1-minute load average of the machine at the end of the window (other work on it). */
  readonly loadAverage: number;
  /** When the measured window began, on the monotonic clock in µs (as CPU profiles count). */
  readonly windowStartMicros: number;
  readonly load: LoadResult;
}

export interface MeasureOptions {
  /** The process under test (CPU and RSS are read from /proc/<pid>). */
  readonly pid: number;
  readonly spec: LoadSpec;
  /** Where the load generator runs (taskset -c). */
  readonly loadCpus?: string;
  /** Subgraph requests served so far (read before and after the window). */
  readonly subgraphRequests: () => Promise<number>;
}

/**
 * One measured window: the load generator runs as a separate process; the gateway's CPU time
 * and peak RSS, and the subgraph requests, are read around its measured window.
 */
export async function measure(options: MeasureOptions): Promise<Measurement> {
  const dir = mkdtempSync(join(tmpdir(), 'salesgraph-bench-'));
  const specPath = join(dir, 'spec.json');
  writeFileSync(specPath, JSON.stringify(options.spec));
  const loader = await launch({
    name: 'load generator',
    args: [join(benchDist, 'load/load-main.js'), specPath],
    cpus: options.loadCpus,
  });
  const timeoutMs = (options.spec.warmupSeconds + options.spec.durationSeconds + 60) * 1000;
  await loader.waitForLine((line) => line === 'MEASURE_START', timeoutMs);
  const windowStartMicros = Number(process.hrtime.bigint() / 1000n);
  const cpuBefore = cpuSeconds(options.pid);
  const requestsBefore = await options.subgraphRequests();
  const rss = rssSampler(options.pid);
  await loader.waitForLine((line) => line === 'MEASURE_END', timeoutMs);
  const cpuAfter = cpuSeconds(options.pid);
  const peakRss = rss.stop();
  const requestsAfter = await options.subgraphRequests();
  const resultLine = await loader.waitForLine((line) => line.startsWith('RESULT '), 60_000);
  await loader.stop();
  const load = JSON.parse(resultLine.slice('RESULT '.length)) as LoadResult;
  const cpu = cpuAfter - cpuBefore;
  return {
    rps: load.rps,
    p50: load.p50,
    p95: load.p95,
    p99: load.p99,
    errors: load.errors,
    rssMb: peakRss,
    cpuCores: cpu / load.elapsedSeconds,
    cpuMsPerRequest: load.correct > 0 ? (cpu * 1000) / load.correct : Number.NaN,
    subgraphRequestsPerOperation: load.responses > 0 ? (requestsAfter - requestsBefore) / load.responses : Number.NaN,
    loadAverage: loadavg()[0] ?? 0,
    windowStartMicros,
    load,
  };
}
