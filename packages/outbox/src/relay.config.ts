import { z } from 'zod';
import { commonEnv, databaseEnv, kafkaEnv, kafkaSecurityEnv, kafkaTopicEnv } from '@salesgraph/config';
import { telemetryEnv } from '@salesgraph/telemetry';

/** The outbox relay process's environment (relay.main.ts). */
export const relayEnv = z.object({
  HOST: commonEnv.HOST,
  /** /healthz, /readyz and /metrics (probes and Prometheus). */
  PORT: commonEnv.PORT.default(9464),
  LOG_LEVEL: commonEnv.LOG_LEVEL,
  SHUTDOWN_GRACE_MS: commonEnv.SHUTDOWN_GRACE_MS,
  STARTUP_DEADLINE_MS: commonEnv.STARTUP_DEADLINE_MS,
  ...databaseEnv,
  NODE_ENV: commonEnv.NODE_ENV,
  KAFKA_BROKERS: kafkaEnv.KAFKA_BROKERS,
  KAFKA_NAMESPACE: kafkaEnv.KAFKA_NAMESPACE,
  ...kafkaSecurityEnv,
  ...kafkaTopicEnv,
  OUTBOX_SCHEMA: z.enum(['accounts', 'deals', 'contracts', 'beneficiaries', 'workflows', 'intake']),
  ...telemetryEnv,
});
