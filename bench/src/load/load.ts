import { isDeepStrictEqual } from 'node:util';
import autocannon from 'autocannon';
import { percentile } from '../stats.js';

/**
 * The load generator, run as its own process (pinned to a core apart from the gateway's):
 * a warm-up, then the measured window, with the same constant number of connections. Every
 * response body of the measured window is checked against the expected answer; a body that
 * differs counts as an error, as do non-2xx answers, connection errors and timeouts.
 * Writes `MEASURE_START` / `MEASURE_END` lines around the measured window (for the CPU/RSS sampler).
 */

export interface LoadSpec {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly connections: number;
  readonly warmupSeconds: number;
  readonly durationSeconds: number;
  /** The expected JSON answer (compared structurally, after a byte-equal fast path). */
  readonly expected: unknown;
  /**
   * Headers of one principal per connection (connection i gets set i modulo their number, on
   * top of `headers`): traffic of many principals, which response sharing cannot join.
   */
  readonly connectionHeaders?: readonly Record<string, string>[];
}

/** autocannon's per-request hook: each connection (its `context`) keeps the headers it was given first. */
function perConnection(spec: LoadSpec): Partial<autocannon.Options> {
  const sets = spec.connectionHeaders;
  if (!sets || sets.length === 0) return {};
  let next = 0;
  return {
    requests: [
      {
        setupRequest: (request: autocannon.Request, context: Record<string, unknown>) => {
          context['headers'] ??= sets[next++ % sets.length];
          return { ...request, headers: { ...request.headers, ...(context['headers'] as Record<string, string>) } };
        },
      },
    ],
  } as Partial<autocannon.Options>;
}

export interface LoadResult {
  readonly responses: number;
  readonly correct: number;
  readonly rps: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly mean: number;
  readonly errors: number;
  readonly errorKinds: {
    readonly non2xx: number;
    readonly mismatches: number;
    readonly connectionErrors: number;
    readonly timeouts: number;
  };
  readonly elapsedSeconds: number;
  readonly sampleMismatch?: string;
}

function verifier(expected: unknown) {
  const accepted = new Set<string>([JSON.stringify(expected)]);
  let sample: string | undefined;
  return {
    verify(body: string): boolean {
      if (accepted.has(body)) return true;
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        sample ??= body.slice(0, 2000);
        return false;
      }
      if (isDeepStrictEqual(parsed, expected)) {
        if (accepted.size < 16) accepted.add(body); // the same answer, serialized differently
        return true;
      }
      sample ??= body.slice(0, 2000);
      return false;
    },
    sample: () => sample,
  };
}

function run(
  options: autocannon.Options,
  onResponse?: (status: number, ms: number) => void,
): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
    if (onResponse)
      instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => onResponse(status, ms));
  });
}

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const base = {
    url: spec.url,
    method: 'POST' as const,
    headers: spec.headers,
    body: spec.body,
    connections: spec.connections,
    timeout: 10,
    ...perConnection(spec),
  };
  if (spec.warmupSeconds > 0) await run({ ...base, duration: spec.warmupSeconds });
  const check = verifier(spec.expected);
  const latencies: number[] = [];
  let non2xx = 0;
  process.stdout.write('MEASURE_START\n');
  const started = process.hrtime.bigint();
  const result = await run(
    { ...base, duration: spec.durationSeconds, verifyBody: (body: string) => check.verify(body) } as autocannon.Options,
    (status, ms) => {
      latencies.push(ms);
      if (status < 200 || status > 299) non2xx += 1;
    },
  );
  const elapsedSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write('MEASURE_END\n');
  latencies.sort((a, b) => a - b);
  const mismatches = result.mismatches;
  const connectionErrors = result.errors - result.timeouts;
  const correct = Math.max(0, latencies.length - non2xx - mismatches);
  return {
    responses: latencies.length,
    correct,
    rps: correct / elapsedSeconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    mean: latencies.reduce((sum, value) => sum + value, 0) / Math.max(1, latencies.length),
    errors: non2xx + mismatches + connectionErrors + result.timeouts,
    errorKinds: { non2xx, mismatches, connectionErrors, timeouts: result.timeouts },
    elapsedSeconds,
    ...(check.sample() ? { sampleMismatch: check.sample() } : {}),
  };
}
