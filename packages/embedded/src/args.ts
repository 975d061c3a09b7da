import { parseArgs } from 'node:util';

export const usage = `Usage: npm start [-- --reset] [-- --simulate] [-- --no-seed] [-- --scale 0.1]

Runs the six subgraphs and the gateway in this one process. Without DATABASE_URL the
database is PGlite (PostgreSQL as WASM) in EMBEDDED_DATA_DIR (default .data/embedded); without
KAFKA_BROKERS the event bus is in-process. Set both to run against real PostgreSQL and Kafka.

  --reset      wipe the embedded data directory first (a fresh database and demo data)
  --simulate   move a few deals along the pipeline every few seconds (SIMULATE_INTERVAL_MS)
  --no-seed    do not create demo data on first start
  --scale <n>  demo data size (npm run seed's --scale; default 0.1: 5 companies, 50 deals)
  --help       this text

Environment: PORT (gateway, 4000), HOST, LOG_LEVEL (warn), EMBEDDED_DATA_DIR, DATABASE_URL,
KAFKA_BROKERS, KAFKA_NAMESPACE, DEMO_TENANT (demo), DEV_ISSUER_KEY_FILE. See packages/embedded/README.md.`;

export interface StartArgs {
  readonly reset: boolean;
  readonly simulate: boolean;
  readonly seed: boolean;
  readonly scale: number;
}

export class UsageError extends Error {}

/** `npm start` arguments; throws UsageError for anything else. `null` when help was asked for. */
export function parseStartArgs(argv: readonly string[]): StartArgs | null {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        reset: { type: 'boolean', default: false },
        simulate: { type: 'boolean', default: false },
        'no-seed': { type: 'boolean', default: false },
        scale: { type: 'string', default: '0.1' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return null;
  const scale = Number(values.scale);
  if (!(scale > 0 && scale <= 10)) throw new UsageError('--scale must be a number more than 0 and at most 10');
  return { reset: values.reset, simulate: values.simulate, seed: !values['no-seed'], scale };
}
