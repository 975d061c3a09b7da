// First: hooks the PostgreSQL instrumentation into module loading before `pg` is loaded.
import '@salesgraph/telemetry/instrument';
import { loadConfig } from '@salesgraph/config';
import { createKafkaBus, kafkaBusOptions, renewingProducer } from '@salesgraph/kafka';
import { createLogger, describeError } from '@salesgraph/logging';
import { runProcess, startupWait } from '@salesgraph/process';
import { databaseCredentials } from '@salesgraph/orm';
import { closeHttpServer, createProbeServer, listen } from '@salesgraph/http';
import { createMetricsRegistry, startTracing } from '@salesgraph/telemetry';
import { relayEnv } from './relay.config.js';
import { createOutboxRelay } from './relay.js';

/**
 * The outbox relay as its own process, for deployments that scale relays apart from the
 * subgraph (set OUTBOX_RELAY_ENABLED=false on the subgraph). Several may run at once.
 */
const config = loadConfig(relayEnv);
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
let started = false;
const probes = createProbeServer({ readiness: async () => started, metrics: createMetricsRegistry() });
runProcess(
  tracing.around({
    async start() {
      // Probes first: /readyz is false while PostgreSQL is waited for (STARTUP_DEADLINE_MS).
      await listen(probes, config.PORT, config.HOST);
      const wait = startupWait({ deadlineMs: config.STARTUP_DEADLINE_MS, logger });
      await wait.until(`PostgreSQL at ${new URL(config.DATABASE_URL).host}`, () => relay.start());
      started = true;
    },
    async stop() {
      started = false;
      await closeHttpServer(probes);
      await relay.stop();
      await producer.disconnect();
      await bus.close();
    },
  }),
  logger,
  config.SHUTDOWN_GRACE_MS,
);
