import { z } from 'zod';

/** Environment fragments shared by every service; each service composes the ones it needs. */
export const commonEnv = {
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().positive().default(10_000),
  /** After SIGTERM, readiness fails at once but requests are still served this long (load balancers catch up). */
  SHUTDOWN_DRAIN_MS: z.coerce.number().int().nonnegative().default(250),
  /** How long start-up waits for PostgreSQL and Kafka to be reachable (retrying with backoff) before failing. */
  STARTUP_DEADLINE_MS: z.coerce.number().int().positive().default(120_000),
};

export const databaseEnv = {
  DATABASE_URL: z.string().url().startsWith('postgres', 'must be a postgres:// URL'),
  DATABASE_POOL_MAX: z.coerce.number().int().positive().default(10),
  /** Override the URL's user and password (Vault database secrets hand them apart from the URL). */
  DATABASE_USER: z.string().min(1).optional(),
  DATABASE_PASSWORD: z.string().optional(),
  /** Kept as paths too: these files are read again for every new connection once they change (rotation). */
  DATABASE_USER_FILE: z.string().min(1).optional(),
  DATABASE_PASSWORD_FILE: z.string().min(1).optional(),
};

/** `true` or `false` as a boolean (`.default(...)` or `.optional()` it). */
export const flagSetting = z.enum(['true', 'false']).transform((value) => value === 'true');

/** A comma-separated setting as the list of its trimmed, non-empty parts. */
export const commaList = (raw: string): string[] =>
  raw
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);

/**
 * A setting holding JSON (`fallback` when unset), parsed for a `.pipe(<schema>)` to check;
 * text that is not JSON is reported as "must be <expected>".
 */
export const jsonSetting = (fallback: string, expected: string) =>
  z
    .string()
    .default(fallback)
    .transform((raw, ctx) => {
      try {
        return JSON.parse(raw) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: `must be ${expected}` });
        return z.NEVER;
      }
    });
const positiveInt = z.coerce.number().int().positive();

/**
 * How every Kafka client connects: SASL and TLS (KAFKA_SASL_PASSWORD and KAFKA_SASL_USERNAME
 * also as _FILE). Used by the subgraphs, the relay and the gateway alike (packages/kafka kafkaBusOptions).
 */
export const kafkaSecurityEnv = {
  KAFKA_SASL_MECHANISM: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']).optional(),
  KAFKA_SASL_USERNAME: z.string().min(1).optional(),
  KAFKA_SASL_PASSWORD: z.string().min(1).optional(),
  KAFKA_TLS: flagSetting.default(false),
  /** PEM files: the CA that signed the brokers' certificates, and a client certificate + key for mutual TLS. */
  KAFKA_TLS_CA_FILE: z.string().min(1).optional(),
  KAFKA_TLS_CERT_FILE: z.string().min(1).optional(),
  KAFKA_TLS_KEY_FILE: z.string().min(1).optional(),
};

/**
 * The topic policy (packages/kafka topic-policy.ts). Production: topics exist, created by the
 * platform (Strimzi KafkaTopic, deploy/k8s/kafka-topics.yaml) and KAFKA_TOPICS_CREATE is off by default;
 * elsewhere missing topics are created with these values.
 */
export const kafkaTopicEnv = {
  KAFKA_TOPICS_CREATE: flagSetting.optional(),
  KAFKA_TOPIC_PARTITIONS: positiveInt.default(3),
  KAFKA_TOPIC_REPLICATION_FACTOR: positiveInt.default(1),
  KAFKA_TOPIC_MIN_INSYNC_REPLICAS: positiveInt.optional(),
  /** Retention of event topics and of dead-letter topics (`.dlq`); the broker's default when unset. */
  KAFKA_TOPIC_RETENTION_MS: positiveInt.optional(),
  KAFKA_DLQ_RETENTION_MS: positiveInt.optional(),
};

const kafkaNamespace = z
  .string()
  .regex(/^[a-zA-Z0-9_-]*$/, 'letters, digits, _ and - only')
  .optional()
  .describe('Prefix of every topic and consumer group; isolates environments sharing a broker.');

/** Kafka where it is optional (the gateway's subscriptions, the embedded start): no brokers, no Kafka. */
export const optionalKafkaEnv = {
  KAFKA_BROKERS: z
    .string()
    .optional()
    .transform((value) => commaList(value ?? '')),
  KAFKA_NAMESPACE: kafkaNamespace,
};

export const kafkaEnv = {
  KAFKA_BROKERS: z.string().min(1).transform(commaList),
  KAFKA_NAMESPACE: kafkaNamespace,
  /** `false` when the outbox relay runs as its own deployment (packages/outbox relay.main). */
  OUTBOX_RELAY_ENABLED: flagSetting.default(true),
  ...kafkaSecurityEnv,
  ...kafkaTopicEnv,
};

/** The secret the gateway signs forwarded identities with; subgraphs verify them with it. */
export const gatewayTrustEnv = {
  GATEWAY_IDENTITY_SECRET: z.string().min(32, 'must be at least 32 characters'),
  GATEWAY_IDENTITY_TTL_SECONDS: z.coerce.number().int().positive().max(300).default(30),
};

/**
 * The settings of retrying a call to an external service: declare them as
 * `<PREFIX>ATTEMPTS`, `<PREFIX>BASE_MS`, `<PREFIX>MAX_MS` and read them back with retryPolicyOf
 * (a RetryPolicy of @salesgraph/retry).
 */
export const retrySettings = (defaults: { attempts: number; baseDelayMs: number; maxDelayMs: number }) => ({
  ATTEMPTS: z.coerce.number().int().min(1).max(10).default(defaults.attempts),
  BASE_MS: z.coerce.number().int().min(1).default(defaults.baseDelayMs),
  MAX_MS: z.coerce.number().int().min(1).default(defaults.maxDelayMs),
});

/** The RetryPolicy of the settings declared under `prefix` (see retrySettings). */
export function retryPolicyOf(
  env: Readonly<Record<string, unknown>>,
  prefix: string,
): { attempts: number; baseDelayMs: number; maxDelayMs: number } {
  return {
    attempts: env[`${prefix}ATTEMPTS`] as number,
    baseDelayMs: env[`${prefix}BASE_MS`] as number,
    maxDelayMs: env[`${prefix}MAX_MS`] as number,
  };
}
