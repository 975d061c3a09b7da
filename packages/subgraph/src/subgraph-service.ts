import type { Server } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import type { Constructor } from '@mikro-orm/core';
import type { Migration } from '@mikro-orm/migrations';
import { IDENTITY_HEADER, verifyForwardedIdentity } from '@salesgraph/auth';
import { maskError } from '@salesgraph/errors';
import {
  createKafkaBus,
  kafkaBusOptions,
  renewingProducer,
  type KafkaSettings,
  type BusProducer,
  type MessageBus,
} from '@salesgraph/kafka';
import {
  createOrm,
  databaseCredentials,
  forkForTenant,
  migrateSchema,
  type DatabaseSettings,
  type Orm,
} from '@salesgraph/orm';
import { OutboxMessage, createOutboxRelay, type OutboxRelay } from '@salesgraph/outbox';
import { createProjectionConsumer, type ProjectionConsumer, type ProjectionDefinition } from '@salesgraph/projection';
import { describeError, type Logger } from '@salesgraph/logging';
import { startupWait } from '@salesgraph/process';
import { WRITE_HEADERS, type SubgraphContext } from './context.js';
import {
  closeHttpServer,
  createHttpServer,
  graphqlHandler,
  healthRoutes,
  lateHandlerRoute,
  listen,
  metricsRoute,
  type HttpHandler,
} from '@salesgraph/http';
import { createMetricsRegistry, operationTelemetryPlugin, type Registry } from '@salesgraph/telemetry';
import { createSubgraphMetrics } from './metrics.js';
import type { BusinessMetricDeps } from './business-metrics.js';

/** Something that runs beside the HTTP server (a sweeper, a simulator). */
export interface BackgroundWorker {
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface SubgraphServiceOptions {
  readonly name: string;
  readonly config: DatabaseSettings &
    KafkaSettings & {
      readonly NODE_ENV: string;
      readonly SHUTDOWN_DRAIN_MS: number;
      readonly STARTUP_DEADLINE_MS?: number;
      readonly HOST: string;
      readonly PORT: number;
      readonly DATABASE_POOL_MAX: number;
      readonly KAFKA_BROKERS: readonly string[];
      readonly KAFKA_NAMESPACE?: string | undefined;
      readonly OUTBOX_RELAY_ENABLED?: boolean;
      readonly GATEWAY_IDENTITY_SECRET: string;
    };
  readonly schema: GraphQLSchema;
  readonly entities: readonly Constructor<object>[];
  readonly migrations: readonly Constructor<Migration>[];
  readonly projections?: readonly ProjectionDefinition[];
  readonly workers?: (deps: { orm: Orm; bus: MessageBus; producer: BusProducer }) => readonly BackgroundWorker[];
  /**
   * Plain HTTP endpoints of this subgraph beside /graphql, by path (e.g. a provider's webhook);
   * given the started ORM. They skip the gateway identity check: each authenticates itself.
   */
  readonly handlers?: (deps: { orm: Orm }) => Readonly<Record<string, HttpHandler>>;
  readonly logger: Logger;
  /** Replaces the Kafka bus (the embedded start uses the in-process bus). */
  readonly bus?: MessageBus;
  readonly onQuery?: (sql: string) => void;
  /** Registers the subgraph's business metrics (bounded labels; read at scrape time). */
  readonly businessMetrics?: (deps: BusinessMetricDeps) => void;
}

export interface SubgraphService {
  start(): Promise<void>;
  stop(): Promise<void>;
  readiness(): Promise<boolean>;
  readonly url: string;
  readonly orm: Orm;
  readonly relay: OutboxRelay;
  readonly projections: readonly ProjectionConsumer[];
  /** The plain HTTP endpoints it serves (the embedded start serves them on the gateway too). */
  readonly handlers: Readonly<Record<string, HttpHandler>>;
  /** Rendered at /metrics. */
  readonly registry: Registry;
}

/**
 * Builds a subgraph process from its parts: ORM + migrations in its own schema, the outbox
 * relay, its projection consumers, and Apollo Server behind the gateway-identity check.
 */
export function createSubgraphService(options: SubgraphServiceOptions): SubgraphService {
  const { config, logger, name } = options;
  const credentials = databaseCredentials(config);
  const schemaName = name;
  let orm: Orm | null = null;
  let bus: MessageBus | null = null;
  let producer: BusProducer | null = null;
  let relay: OutboxRelay | null = null;
  let relayProducer: BusProducer | null = null;
  let projections: ProjectionConsumer[] = [];
  let workers: readonly BackgroundWorker[] = [];
  let handlers: Readonly<Record<string, HttpHandler>> = {};
  let server: Server | null = null;
  let port = config.PORT;
  let started = false;
  /** Set once at the end of start and never reset: requests in flight during a drain are still served. */
  let dependenciesReady = false;
  const registry = createMetricsRegistry();
  const metrics = createSubgraphMetrics(registry, name, {
    orm: () => orm,
    relay: () => relay,
    projections: () => projections,
  });
  options.businessMetrics?.({ registry, orm: () => orm });

  const apollo = new ApolloServer<SubgraphContext>({
    schema: options.schema,
    introspection: config.NODE_ENV !== 'production',
    csrfPrevention: true,
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: false,
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      operationTelemetryPlugin<SubgraphContext>({ registry, prefix: 'salesgraph_subgraph' }),
    ],
    formatError: (formatted, error) => {
      const masked = maskError(formatted);
      if (masked.extensions?.code === 'INTERNAL_SERVER_ERROR') {
        const original = (error as GraphQLError | undefined)?.originalError ?? error;
        logger.error(
          { error: describeError(original), path: formatted.path, correlationId: masked.extensions.correlationId },
          'unexpected resolver error',
        );
      }
      return masked;
    },
  });

  async function context({ req }: { req: IncomingMessage }): Promise<SubgraphContext> {
    const header = req.headers[IDENTITY_HEADER];
    const identity = await verifyForwardedIdentity(
      typeof header === 'string' ? header : undefined,
      config.GATEWAY_IDENTITY_SECRET,
    );
    if (!identity) {
      throw new GraphQLError('Calls must come through the gateway with a valid identity', {
        extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
      });
    }
    const writeHeader = (name: string) => {
      const value = req.headers[name];
      return typeof value === 'string' ? value : null;
    };
    return {
      identity,
      em: forkForTenant(requireOrm().em, identity.tenant),
      loaders: new Map(),
      idempotencyKey: writeHeader(WRITE_HEADERS.idempotencyKey),
      afterEventId: writeHeader(WRITE_HEADERS.afterEventId),
    };
  }

  function requireOrm(): Orm {
    if (!orm) throw new Error(`${name} subgraph is not started`);
    return orm;
  }

  async function readiness(): Promise<boolean> {
    if (!started || !orm) return false;
    return orm.isConnected();
  }

  return {
    get url() {
      return `http://${config.HOST}:${port}/graphql`;
    },
    get orm() {
      return requireOrm();
    },
    get relay() {
      if (!relay) throw new Error(`${name} subgraph is not started`);
      return relay;
    },
    get projections() {
      return projections;
    },
    get handlers() {
      return handlers;
    },
    registry,
    readiness,
    async start() {
      // Listening first: /healthz answers and /readyz says false while PostgreSQL and Kafka are
      // waited for (a transient error is "not ready yet" until STARTUP_DEADLINE_MS).
      await apollo.start();
      server = createHttpServer({
        routes: [
          { path: '/graphql', handle: graphqlHandler({ apollo, context, accepting: () => dependenciesReady }) },
          lateHandlerRoute(() => handlers),
          ...healthRoutes(readiness),
          metricsRoute(registry),
        ],
      });
      port = await listen(server, config.PORT, config.HOST);
      const wait = startupWait({ deadlineMs: config.STARTUP_DEADLINE_MS ?? 120_000, logger });
      const database = `PostgreSQL at ${new URL(config.DATABASE_URL).host}`;
      const kafka = `Kafka at ${config.KAFKA_BROKERS.join(',')}`;
      const liveOrm = await wait.until(database, () =>
        createOrm({
          databaseUrl: config.DATABASE_URL,
          credentials,
          schema: schemaName,
          entities: [...options.entities, OutboxMessage],
          migrations: options.migrations,
          poolMax: config.DATABASE_POOL_MAX,
          onQuery: options.onQuery,
        }),
      );
      orm = liveOrm;
      await wait.until(database, () => migrateSchema(liveOrm, schemaName));
      const liveBus =
        options.bus ??
        createKafkaBus(
          kafkaBusOptions(config, {
            clientId: `salesgraph-${name}`,
            onLog: (level, message) => logger[level]({ component: 'kafka' }, message),
          }),
        );
      bus = liveBus;
      const liveProducer = await wait.until(kafka, () => liveBus.producer());
      producer = liveProducer;
      relayProducer = renewingProducer(liveBus);
      const liveRelay = createOutboxRelay({
        databaseUrl: config.DATABASE_URL,
        credentials,
        schema: schemaName,
        producer: relayProducer,
        onError: (error) => logger.warn({ error: describeError(error) }, 'outbox relay pass failed; retrying'),
      });
      relay = liveRelay;
      if (config.OUTBOX_RELAY_ENABLED !== false) await wait.until(database, () => liveRelay.start());
      projections = (options.projections ?? []).map((definition) =>
        createProjectionConsumer({
          definition,
          bus: liveBus,
          em: liveOrm.em,
          schema: schemaName,
          onApplied: () => metrics.applied(definition.name),
          onDeadLetter: (reason) => {
            metrics.deadLettered(definition.name);
            logger.warn({ projection: definition.name, reason }, 'event dead-lettered');
          },
        }),
      );
      for (const projection of projections)
        await wait.until(kafka, async () => {
          try {
            await projection.start();
          } catch (error) {
            await projection.stop().catch(() => undefined);
            throw error;
          }
        });
      workers = options.workers?.({ orm: liveOrm, bus: liveBus, producer: liveProducer }) ?? [];
      for (const worker of workers) await worker.start();
      handlers = options.handlers?.({ orm: liveOrm }) ?? {};
      dependenciesReady = true;
      started = true;
      logger.info({ url: `http://${config.HOST}:${port}/graphql` }, `${name} subgraph listening`);
    },
    async stop() {
      started = false;
      if (server) {
        await new Promise((resolve) => setTimeout(resolve, config.SHUTDOWN_DRAIN_MS));
        await closeHttpServer(server);
      }
      await apollo.stop().catch(() => undefined);
      for (const worker of workers) await worker.stop();
      for (const projection of projections) await projection.stop();
      await relay?.stop();
      await relayProducer?.disconnect();
      await producer?.disconnect();
      if (!options.bus) await bus?.close();
      await orm?.close(true);
      server = null;
    },
  };
}
