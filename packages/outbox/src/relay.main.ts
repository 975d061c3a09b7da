// First: hooks the PostgreSQL instrumentation into module loading before `pg` is loaded.
import '@salesgraph/telemetry/instrument';
import { z } from 'zod';
import { kafkaEnv, kafkaSecurityEnv, commonEnv, databaseEnv, loadConfig } from '@salesgraph/config';
import { createKafkaBus, kafkaBusOptions, renewingProducer } from '@salesgraph/kafka';
import { createLogger, describeError } from '@salesgraph/logging';
import { runProcess } from '@salesgraph/process';
import { databaseCredentials } from '@salesgraph/orm';
import { startTracing, telemetryEnv } from '@salesgraph/telemetry';
import { createOutboxRelay } from './relay.js';

/**
 * The outbox relay as its own process, for deployments that scale relays apart from the
 * subgraph (set OUTBOX_RELAY_ENABLED=false on the subgraph). Several may run at once.
 */
const config = loadConfig(
  z.object({
    LOG_LEVEL: commonEnv.LOG_LEVEL,
    SHUTDOWN_GRACE_MS: commonEnv.SHUTDOWN_GRACE_MS,
    ...databaseEnv,
    NODE_ENV: commonEnv.NODE_ENV,
    KAFKA_BROKERS: kafkaEnv.KAFKA_BROKERS,
    KAFKA_NAMESPACE: kafkaEnv.KAFKA_NAMESPACE,
    ...kafkaSecurityEnv,
    OUTBOX_SCHEMA: z.enum(['accounts', 'deals', 'contracts', 'beneficiaries', 'workflows', 'intake']),
    ...telemetryEnv,
  }),
);
const logger = createLogger(`${config.OUTBOX_SCHEMA}-relay`, config.LOG_LEVEL, { datadog: config.DD_LOGS_INJECTION });
const tracing = await startTracing(`${config.OUTBOX_SCHEMA}-relay`, config);
const bus = createKafkaBus(kafkaBusOptions(config, { clientId: `salesgraph-${config.OUTBOX_SCHEMA}-relay` }));
// Renewed after a failed send: a broker restart can wedge an idempotent producer for good.
const producer = renewingProducer(bus);
const relay = createOutboxRelay({
  databaseUrl: config.DATABASE_URL,
  credentials: databaseCredentials(config),
  schema: config.OUTBOX_SCHEMA,
  producer,
  onError: (error) => logger.warn({ error: describeError(error) }, 'outbox relay pass failed; retrying'),
});
runProcess(
  tracing.around({
    start: () => relay.start(),
    async stop() {
      await relay.stop();
      await producer.disconnect();
      await bus.close();
    },
  }),
  logger,
  config.SHUTDOWN_GRACE_MS,
);
