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
};

export const databaseEnv = {
  DATABASE_URL: z.string().url().startsWith('postgres', 'must be a postgres:// URL'),
  DATABASE_POOL_MAX: z.coerce.number().int().positive().default(10),
};

export const kafkaEnv = {
  KAFKA_BROKERS: z
    .string()
    .min(1)
    .transform((value) =>
      value
        .split(',')
        .map((broker) => broker.trim())
        .filter(Boolean),
    ),
  KAFKA_NAMESPACE: z
    .string()
    .regex(/^[a-zA-Z0-9_-]*$/, 'letters, digits, _ and - only')
    .optional()
    .describe('Prefix of every topic and consumer group; isolates environments sharing a broker.'),
  /** `false` when the outbox relay runs as its own deployment (packages/outbox relay.main). */
  OUTBOX_RELAY_ENABLED: z
    .enum(['true', 'false'])
    .default('true')
    .transform((value) => value === 'true'),
};

/** The secret the gateway signs forwarded identities with; subgraphs verify them with it. */
export const gatewayTrustEnv = {
  GATEWAY_IDENTITY_SECRET: z.string().min(32, 'must be at least 32 characters'),
  GATEWAY_IDENTITY_TTL_SECONDS: z.coerce.number().int().positive().max(300).default(30),
};
