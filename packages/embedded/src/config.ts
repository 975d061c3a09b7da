import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { commonEnv, flagSetting, kafkaSecurityEnv, loadConfig, optionalKafkaEnv } from '@salesgraph/config';

/** Repository root, as seen from packages/embedded/dist/config.js. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

const optionalUrl = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()))
  .pipe(z.string().url().startsWith('postgres', 'must be a postgres:// URL').optional());

/** Variables passed on as they are to the subgraphs (their own schemas validate them): the integrations. */
const INTEGRATION_PREFIXES = ['SIGNATURE_', 'ADOBE_SIGN_', 'CONTRACT_OPERATOR_', 'ANS_', 'NOTIFICATIONS_'];

/**
 * `npm start`'s environment. Without DATABASE_URL the database is PGlite in
 * EMBEDDED_DATA_DIR; without KAFKA_BROKERS the event bus is the in-process one.
 */
const embeddedShape = {
  NODE_ENV: z.enum(['development', 'test']).default('development'),
  HOST: commonEnv.HOST,
  /** The gateway's port (the subgraphs take free ports). */
  PORT: commonEnv.PORT.default(4000),
  /** Service logs (pino JSON on stdout); the start banner is printed regardless. */
  LOG_LEVEL: commonEnv.LOG_LEVEL.default('warn'),
  SHUTDOWN_GRACE_MS: commonEnv.SHUTDOWN_GRACE_MS.default(20_000),
  EMBEDDED_DATA_DIR: z.string().min(1).default(`${repoRoot}.data/embedded`),
  /** Real PostgreSQL instead of PGlite (the database must exist; each subgraph migrates its schema). */
  DATABASE_URL: optionalUrl,
  /** Connections per subgraph. PGlite runs one statement at a time, so more do not help there. */
  DATABASE_POOL_MAX: z.coerce.number().int().positive().optional(),
  /** Real Kafka instead of the in-process bus. */
  ...optionalKafkaEnv,
  ...kafkaSecurityEnv,
  DEV_ISSUER_KEY_FILE: z.string().min(1).default(`${repoRoot}.data/dev-issuer/key.json`),
  /** The tenant the demo data, the printed token and the simulator use. */
  DEMO_TENANT: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/)
    .default('demo'),
  /** PGlite runs in a worker thread (default) or on the main thread with the services. */
  EMBEDDED_PGLITE_WORKER: flagSetting.default(true),
  /** How often the simulator (`--simulate`) moves deals. */
  SIMULATE_INTERVAL_MS: z.coerce.number().int().min(250).default(4_000),
};

export const embeddedEnv = z.looseObject(embeddedShape).transform((env) => {
  const known = Object.fromEntries(Object.keys(embeddedShape).map((name) => [name, env[name]])) as z.output<
    z.ZodObject<typeof embeddedShape>
  >;
  return {
    ...known,
    DATABASE_POOL_MAX: known.DATABASE_POOL_MAX ?? (known.DATABASE_URL ? 10 : 4),
    /**
     * Integration settings (Adobe Sign, ANS, notifications) given to every subgraph as they
     * are, e.g. SIGNATURE_PROVIDER=adobe-sign: the webhook is then served on the gateway's
     * port too (stack.ts). Unset, every integration keeps its development default.
     */
    integrationEnv: Object.fromEntries(
      Object.entries(env).filter(
        (entry): entry is [string, string] =>
          typeof entry[1] === 'string' && INTEGRATION_PREFIXES.some((prefix) => entry[0].startsWith(prefix)),
      ),
    ),
  };
});

export type EmbeddedConfig = z.output<typeof embeddedEnv>;

export const loadEmbeddedConfig = (): Readonly<EmbeddedConfig> => loadConfig(embeddedEnv);
