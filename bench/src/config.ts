import { z } from 'zod';
import { flagSetting, loadConfig } from '@salesgraph/config';

const seconds = (fallback: number) => z.coerce.number().min(0).default(fallback);
const count = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** `npm run bench` settings (README: Configuration). Every run length is configurable. */
export const benchEnv = z.object({
  /** Which scenarios run, comma-separated. */
  BENCH_SCENARIOS: z
    .string()
    .default('G1,G2,S1,K1,I1')
    .transform((value) =>
      value
        .split(',')
        .map((part) => part.trim().toUpperCase())
        .filter(Boolean),
    ),
  /** Measured windows per gateway; results are the median (with min–max). */
  BENCH_RUNS: count(3),
  BENCH_WARMUP_SECONDS: seconds(10),
  BENCH_DURATION_SECONDS: seconds(20),
  BENCH_CONNECTIONS: count(50),
  /** Cores for the gateway under test, and for the load generator and subgraphs (taskset -c). */
  BENCH_GATEWAY_CPUS: z.string().default('1'),
  BENCH_LOAD_CPUS: z.string().default('0'),
  BENCH_SUBGRAPH_CPUS: z.string().default('0'),
  /** Gateways compared in G1/G2, in the order each run visits them. */
  BENCH_GATEWAYS: z
    .string()
    .default('ours,hive,hive-rr,apollo')
    .transform((value) =>
      value
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean),
    ),
  /** Which rows of our gateway run (src/ours-variants.ts), comma-separated; empty: all. */
  BENCH_OURS_VARIANTS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean),
    ),
  /** Our gateway's GRAPHQL_MAX_COST in G1 (the benchmark query's estimated cost exceeds the default). */
  BENCH_G1_MAX_COST: count(1_000_000),
  /** S1: subscriber counts, client processes, events per count. */
  BENCH_S1_SUBSCRIBERS: z
    .string()
    .default('1000,5000,10000')
    .transform((value) =>
      value
        .split(',')
        .map((part) => Number(part.trim()))
        .filter((n) => Number.isInteger(n) && n > 0),
    ),
  BENCH_S1_CLIENT_PROCESSES: count(4),
  BENCH_S1_EVENTS: count(40),
  BENCH_S1_EVENT_INTERVAL_MS: count(250),
  /** K1: events for the throughput run, and the latency run's writes per second and length. */
  BENCH_K1_EVENTS: count(20_000),
  BENCH_K1_WRITES_PER_SECOND: count(100),
  BENCH_K1_LATENCY_SECONDS: seconds(20),
  /** I1: orders per throughput round; the latency run's orders per second and length. */
  BENCH_I1_ORDERS: count(10_000),
  BENCH_I1_ORDERS_PER_SECOND: count(100),
  BENCH_I1_LATENCY_SECONDS: seconds(20),
  /**
   * Cores for I1's chain (taskset -c); unset: not pinned. I1 has no gateway to give a core of its
   * own, so by default its three processes share the machine with PostgreSQL and Kafka.
   */
  BENCH_I1_CPUS: z.string().optional(),
  /** One extra G1 window each for our gateway and Hive Gateway, and one extra S1 level for ours, under --cpu-prof, summarized in RESULTS.md. */
  BENCH_PROFILE: flagSetting.default(true),
  KAFKA_BROKERS: z.string().default('127.0.0.1:9092'),
  DATABASE_ADMIN_URL: z.string().default('postgres://postgres@127.0.0.1:5432/postgres'),
});

export type BenchConfig = z.output<typeof benchEnv>;

export const loadBenchConfig = (): Readonly<BenchConfig> => loadConfig(benchEnv);
