import { randomBytes } from 'node:crypto';
import { createGatewayApp, type GatewayApp } from '@salesgraph/gateway/dist/app.js';
import { gatewayEnv } from '@salesgraph/gateway/dist/config.js';
import { parseConfig } from '@salesgraph/config';
import { createInProcessBus, createKafkaBus, type MessageBus } from '@salesgraph/kafka';
import { createLogger, describeError, type Logger } from '@salesgraph/logging';
import type { SubgraphService } from '@salesgraph/subgraph';
import type { EmbeddedConfig } from './config.js';
import { startEmbeddedPostgresThread } from './postgres/embedded-postgres-thread.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './postgres/embedded-postgres.js';
import { subgraphDefinitions } from './subgraphs.js';

/** The ANS registration of the demo operator `npm start` plays (beneficiaries requires one). */
export const DEMO_ANS_REGISTRATION = '419999';

export interface EmbeddedStackOptions {
  readonly config: Readonly<EmbeddedConfig>;
  readonly logger: Logger;
  /** The token GraphiQL and the dashboard prefill (the demo tenant's SALES_MANAGER). */
  readonly developerToken?: string;
}

export interface EmbeddedStack {
  start(): Promise<void>;
  /** Stops the gateway, lets every committed event reach its consumers, then stops the rest. */
  stop(): Promise<void>;
  readiness(): Promise<boolean>;
  /** The gateway's GraphQL endpoint (real port once started). */
  readonly gatewayUrl: string;
  readonly mode: { readonly database: 'pglite' | 'postgresql'; readonly bus: 'in-process' | 'kafka' };
  /** Milliseconds per start phase. */
  readonly timings: Readonly<Record<string, number>>;
  readonly subgraphs: readonly SubgraphService[];
  readonly bus: MessageBus;
  readonly postgres: EmbeddedPostgres | null;
}

/**
 * The whole graph in this process: one database (PGlite unless DATABASE_URL), one event bus
 * (in-process unless KAFKA_BROKERS) shared by the six subgraphs' relays and projections and
 * the gateway's subscription engine, the six subgraphs on free ports, the gateway in front.
 */
export function createEmbeddedStack(options: EmbeddedStackOptions): EmbeddedStack {
  const { config, logger } = options;
  const external = { database: config.DATABASE_URL !== undefined, kafka: config.KAFKA_BROKERS.length > 0 };
  const bus = external.kafka
    ? createKafkaBus({
        brokers: config.KAFKA_BROKERS,
        clientId: 'salesgraph-embedded',
        namespace: config.KAFKA_NAMESPACE,
        onLog: (level, message) => logger[level]({ component: 'kafka' }, message),
      })
    : createInProcessBus();
  // Signs the gateway -> subgraph identity header; both ends live in this process.
  const identitySecret = randomBytes(32).toString('base64url');
  const timings: Record<string, number> = {};
  let postgres: EmbeddedPostgres | null = null;
  let subgraphs: SubgraphService[] = [];
  let gateway: GatewayApp | null = null;

  const timed = async <T>(phase: string, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await work();
    } finally {
      timings[phase] = Math.round(performance.now() - started);
    }
  };

  const commonEnv = (databaseUrl: string): Record<string, string> => ({
    NODE_ENV: config.NODE_ENV,
    HOST: config.HOST,
    PORT: '0',
    LOG_LEVEL: config.LOG_LEVEL,
    SHUTDOWN_DRAIN_MS: '0',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_MAX: String(config.DATABASE_POOL_MAX),
    // The subgraphs are given the bus; their own Kafka settings are only validated.
    KAFKA_BROKERS: external.kafka ? config.KAFKA_BROKERS.join(',') : 'in-process',
    ...(config.KAFKA_NAMESPACE ? { KAFKA_NAMESPACE: config.KAFKA_NAMESPACE } : {}),
    GATEWAY_IDENTITY_SECRET: identitySecret,
    // The demo operator's ANS registration (made up; beneficiaries requires one): override it
    // with ANS_OPERATOR_REGISTRATION, as every integration setting.
    ANS_OPERATOR_REGISTRATION: DEMO_ANS_REGISTRATION,
    ...config.integrationEnv,
  });

  /** Publishes whatever the outboxes hold and waits until every projection has caught up. */
  async function quiesce(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      for (const service of subgraphs) await service.relay.flush();
      const backlog = (await Promise.all(subgraphs.map((service) => service.relay.backlog()))).reduce(
        (a, b) => a + b,
        0,
      );
      const lags = await Promise.all(
        subgraphs.flatMap((service) => service.projections.map((projection) => projection.lag())),
      );
      const lag = lags.flat().reduce((sum, entry) => sum + Math.max(0, entry.lag), 0);
      if (backlog === 0 && lag === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    logger.warn('stopping with events not yet applied by every projection');
  }

  return {
    get gatewayUrl() {
      return gateway?.url ?? `http://${config.HOST}:${config.PORT}/graphql`;
    },
    mode: { database: external.database ? 'postgresql' : 'pglite', bus: external.kafka ? 'kafka' : 'in-process' },
    timings,
    get subgraphs() {
      return subgraphs;
    },
    bus,
    get postgres() {
      return postgres;
    },
    async readiness() {
      if (!gateway) return false;
      const states = await Promise.all([gateway.readiness(), ...subgraphs.map((service) => service.readiness())]);
      return states.every(Boolean);
    },
    async start() {
      const startPostgres = config.EMBEDDED_PGLITE_WORKER ? startEmbeddedPostgresThread : startEmbeddedPostgres;
      const databaseUrl =
        config.DATABASE_URL ??
        (postgres = await timed('postgres', () =>
          startPostgres({ dataDir: `${config.EMBEDDED_DATA_DIR}/pglite`, host: '127.0.0.1' }),
        )).url;
      if (postgres) timings['postgresOpen'] = postgres.openMs;
      const env = commonEnv(databaseUrl);
      subgraphs = await timed('subgraphs', () =>
        Promise.all(
          subgraphDefinitions.map(async (definition) => {
            const service = await definition.create(env, createLogger(definition.name, config.LOG_LEVEL), bus);
            await timed(definition.name, () => service.start());
            return service;
          }),
        ),
      );
      const gatewayConfig = parseConfig(gatewayEnv, {
        NODE_ENV: config.NODE_ENV,
        HOST: config.HOST,
        PORT: String(config.PORT),
        LOG_LEVEL: config.LOG_LEVEL,
        SUBGRAPH_URLS: subgraphs
          .map((service, index) => `${subgraphDefinitions[index]!.name}=${service.url}`)
          .join(','),
        DEV_ISSUER_KEY_FILE: config.DEV_ISSUER_KEY_FILE,
        GATEWAY_IDENTITY_SECRET: identitySecret,
        KAFKA_BROKERS: config.KAFKA_BROKERS.join(','),
        ...(config.KAFKA_NAMESPACE ? { KAFKA_NAMESPACE: config.KAFKA_NAMESPACE } : {}),
      });
      gateway = createGatewayApp({
        config: gatewayConfig,
        logger: createLogger('gateway', config.LOG_LEVEL),
        bus,
        developerToken: options.developerToken,
        // One public address in this process: the subgraphs' own HTTP endpoints (the Adobe Sign
        // webhook at /webhooks/adobe-sign) are served on the gateway's port too.
        handlers: Object.assign({}, ...subgraphs.map((service) => service.handlers)),
      });
      await timed('gateway', () => gateway!.start());
    },
    async stop() {
      const problems: unknown[] = [];
      const attempt = async (work: () => Promise<void>) => {
        try {
          await work();
        } catch (error) {
          problems.push(error);
          logger.error({ error: describeError(error) }, 'stopping a part of the embedded stack failed');
        }
      };
      if (gateway) await attempt(() => gateway!.stop());
      if (subgraphs.length > 0 && !external.kafka) await attempt(() => quiesce(5_000));
      await Promise.all(subgraphs.map((service) => attempt(() => service.stop())));
      await attempt(() => bus.close());
      if (postgres) await attempt(() => postgres!.stop());
      gateway = null;
      subgraphs = [];
      postgres = null;
      if (problems.length > 0) throw new Error(`${problems.length} part(s) of the embedded stack did not stop cleanly`);
    },
  };
}
