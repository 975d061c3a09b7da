import './apollo-telemetry-off.js';
import type { IncomingMessage, Server } from 'node:http';
import type { ApolloServer, ApolloServerPlugin } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import {
  closeHttpServer,
  createHttpServer,
  graphqlHandler,
  handlerRoutes,
  healthRoutes,
  listen,
  metricsRoute,
  type HttpHandler,
} from '@salesgraph/http';
import type { MessageBus } from '@salesgraph/kafka';
import { describeError, type Logger } from '@salesgraph/logging';
import { supergraphForApolloGateway } from '@salesgraph/public-contract';
import { createGatewayAuthentication } from './auth/gateway-authentication.js';
import { createIdentitySigner } from './auth/identity-signer.js';
import type { GatewayConfig } from './config.js';
import type { GatewayContext } from './context.js';
import { createFormatError } from './format-error.js';
import { completeResponses } from './complete-response.js';
import { CostModels } from './cost/cost-models.js';
import { createCors } from './cors.js';
import { createGatewayQuotas } from './quota/gateway-quotas.js';
import { createHttpQuota } from './quota/http-quota.js';
import { closeConnectionsWhen, createGraphqlEndpoint, type LoadedSchema } from './graphql-endpoint.js';
import { loadPersistedOperations, noPersistedOperations } from './persisted-operations/manifest.js';
import { createPublicEndpoint, PUBLIC_GRAPHQL_PATH } from './public/public-endpoint.js';
import { noPublicRoutes, publicRoutes } from './public/public-routes.js';
import { requestGuard } from './request-guard.js';
import { gatewayRoutes } from './routes.js';
import { createGatewayMetrics, type GatewayMetrics } from './metrics.js';
import { gatewayOperationTelemetry } from './telemetry/operation-telemetry.js';
import { createReadSharing } from './sharing/read-sharing.js';
import { createGatewaySubscriptions } from './subscriptions/index.js';
import { developerPageRoutes } from './dashboard/index.js';
import { intakeRoute } from './intake/intake-route.js';

export interface GatewayAppOptions {
  readonly config: Readonly<GatewayConfig>;
  readonly logger: Logger;
  /** The event bus of the subscription engine instead of Kafka (the embedded start's in-process bus). */
  readonly bus?: MessageBus;
  /** Prefilled by GraphiQL and the dashboard (development pages: src/dashboard). */
  readonly developerToken?: string;
  /** Plain HTTP endpoints served beside /graphql (the embedded start: the subgraphs' webhooks). */
  readonly handlers?: Readonly<Record<string, HttpHandler>>;
}

export interface GatewayApp {
  start(): Promise<void>;
  /** Stops taking requests, lets in-flight ones finish, then stops the gateway. */
  stop(): Promise<void>;
  /** True once the supergraph is loaded and the server listens, until stop begins. */
  readiness(): Promise<boolean>;
  /** The GraphQL endpoint (with the real port once started). */
  readonly url: string;
  readonly metrics: GatewayMetrics;
  /**
   * Called with the API schema and the composed supergraph SDL at load and after every hot
   * reload (at once, too, when a schema is already loaded). Returns the unsubscribe function.
   */
  onSchemaChange(listener: SchemaChangeListener): () => void;
}

export type SchemaChangeListener = (change: {
  readonly apiSchema: GraphQLSchema;
  readonly supergraphSdl: string;
}) => void;

/**
 * The gateway from its parts: the composed supergraph (read from a file, never by
 * introspection), token verification for every request, subgraph calls that carry the
 * caller's signed identity, and identical concurrent reads of one principal shared
 * (src/sharing). `main.ts` only runs it.
 */
export function createGatewayApp({ config, logger, bus, developerToken, handlers }: GatewayAppOptions): GatewayApp {
  const production = config.NODE_ENV === 'production';
  const metrics = createGatewayMetrics();
  const signIdentity = createIdentitySigner({
    secret: config.GATEWAY_IDENTITY_SECRET,
    ttlSeconds: config.GATEWAY_IDENTITY_TTL_SECONDS,
    reuseSeconds: config.GATEWAY_IDENTITY_REUSE_SECONDS,
  });
  const sharing = createReadSharing({
    operations: config.GATEWAY_SHARE_OPERATIONS,
    subgraphRequests: config.GATEWAY_SHARE_SUBGRAPH_REQUESTS,
    metrics,
  });
  const costModels = new CostModels(config.GRAPHQL_DEFAULT_LIST_SIZE);
  const cors = createCors(config);
  const quotas = createGatewayQuotas(config, logger, metrics);
  const { demand } = quotas;
  let apollo: ApolloServer<GatewayContext> | null = null;
  let publicApollo: ApolloServer<GatewayContext> | null = null;
  let server: Server | null = null;
  let port = config.PORT;
  let supergraphLoaded = false;
  let accepting = false;
  /** The subgraphs' routing URLs (the intake route posts to the intake subgraph). */
  let routingUrls: ReadonlyMap<string, string> = new Map();
  let currentSchema: LoadedSchema | undefined;
  const schemaListeners = new Set<SchemaChangeListener>();
  const notifySchemaChange = (listener: SchemaChangeListener) => {
    try {
      if (currentSchema) listener(currentSchema);
    } catch (error) {
      logger.error({ error: describeError(error) }, 'an onSchemaChange listener failed');
    }
  };

  // Subscriptions (subscriptions/, SUBSCRIPTIONS.md): off without KAFKA_BROKERS.
  const subscriptions = createGatewaySubscriptions({
    config,
    logger,
    bus,
    registry: metrics.registry,
    quota: quotas.subscriptions,
  });
  if (subscriptions) schemaListeners.add((change) => subscriptions.updateSchema(change));

  async function readiness(): Promise<boolean> {
    return accepting && supergraphLoaded && (subscriptions?.ready() ?? true);
  }

  return {
    get url() {
      return `http://${config.HOST}:${port}/graphql`;
    },
    metrics,
    readiness,
    onSchemaChange(listener) {
      schemaListeners.add(listener);
      notifySchemaChange(listener);
      return () => schemaListeners.delete(listener);
    },
    async start() {
      const persistedOperations = config.PERSISTED_OPERATIONS_PATH
        ? await loadPersistedOperations(config.PERSISTED_OPERATIONS_PATH)
        : noPersistedOperations;
      const { authenticate, authenticateInternal } = await createGatewayAuthentication(config, logger, metrics);

      const formatError = createFormatError(logger);
      const quota = demand && createHttpQuota({ demand, costModels, formatError });
      await quotas.connected();
      const guard = requestGuard({
        limits: {
          depth: config.GRAPHQL_MAX_DEPTH,
          aliases: config.GRAPHQL_MAX_ALIASES,
          directives: config.GRAPHQL_MAX_DIRECTIVES,
          tokens: config.GRAPHQL_MAX_TOKENS,
          cost: config.GRAPHQL_MAX_COST,
        },
        costModels,
        maxVariablesBytes: config.GRAPHQL_MAX_VARIABLES_BYTES,
        persistedOperations,
        persistedOnly: config.PERSISTED_OPERATIONS_ONLY,
        ignoreIntrospection: !production,
        schema: () => currentSchema?.apiSchema,
        formatError,
        logger,
        onRefused: (reason) => metrics.requestRefused(reason),
      });
      // Every endpoint's responses: connections closed while stopping, no `data: null` without
      // errors, and the per-operation RED metrics and spans.
      const endpointPlugins = [
        closeConnectionsWhen(() => !accepting),
        completeResponses(formatError),
        gatewayOperationTelemetry(metrics.registry),
      ];

      const internal = createGraphqlEndpoint({
        config,
        logger,
        metrics,
        signIdentity,
        deriveSupergraph: supergraphForApolloGateway,
        countReloads: true,
        apollo: {
          introspection: !production,
          hideSchemaDetailsFromClientErrors: production,
          formatError,
          plugins: [
            production
              ? ApolloServerPluginLandingPageDisabled()
              : ApolloServerPluginLandingPageLocalDefault({ footer: false }),
            ...endpointPlugins,
            ...(quota ? [quota.plugin] : []),
          ],
        },
        guard: guard.http,
        admit: quota?.admit,
        sharedSubgraphRequests: sharing.subgraphRequests,
        wrapGateway: (gateway) => sharing.gateway(gateway),
        share: sharing.respond,
        onRouting: (urls) => (routingUrls = urls),
        onSchema: (schema) => {
          sharing.schemaChanged();
          costModels.update(schema.apiSchema, schema.supergraphSdl);
          supergraphLoaded = true;
          currentSchema = schema;
          for (const listener of schemaListeners) notifySchemaChange(listener);
        },
      });
      const publicEndpoint = createPublicEndpoint({
        config,
        logger,
        metrics,
        signIdentity,
        formatError,
        plugins: endpointPlugins,
        demand,
      });
      apollo = internal;
      await internal.start();
      // A supergraph without a public part (test stubs) has no contract: /public/graphql is then 404.
      const publicServed = await publicEndpoint.apollo.start().then(
        () => true,
        (error: unknown) => {
          logger.error({ error: describeError(error) }, 'no public contract could be loaded; /public/graphql is off');
          return false;
        },
      );
      if (publicServed) publicApollo = publicEndpoint.apollo;

      subscriptions?.attach(internal);
      server = createHttpServer({
        routes: gatewayRoutes({
          corsPreflights: cors.preflightRoutes({ internal: '/graphql', public: PUBLIC_GRAPHQL_PATH }),
          health: healthRoutes(readiness),
          metrics: metricsRoute(metrics.registry),
          developerPages: production ? [] : developerPageRoutes({ token: developerToken, logger }),
          subscriptions: subscriptions?.routes({ path: '/graphql', authenticate: authenticateInternal, guard }) ?? [],
          handlers: handlerRoutes(handlers ?? {}, config.GRAPHQL_MAX_BODY_BYTES),
          graphql: {
            path: '/graphql',
            handle: cors.internal(
              graphqlHandler<GatewayContext>({
                apollo: internal,
                context: async ({ req }: { req: IncomingMessage }) => ({
                  identity: await authenticateInternal(req.headers.authorization),
                }),
                maxBodyBytes: config.GRAPHQL_MAX_BODY_BYTES,
              }),
            ),
          },
          intake: intakeRoute({
            authenticate,
            signIdentity,
            intakeUrl: () => routingUrls.get('intake'),
            logger,
            maxBodyBytes: config.GRAPHQL_MAX_BODY_BYTES,
          }),
          ...(publicServed
            ? publicRoutes({ config, endpoint: publicEndpoint, authenticate, cors, subscriptions })
            : noPublicRoutes),
        }),
      });
      subscriptions?.start();
      port = await listen(server, config.PORT, config.HOST);
      accepting = true;
      logger.info(
        {
          url: `http://${config.HOST}:${port}/graphql`,
          public: `http://${config.HOST}:${port}${PUBLIC_GRAPHQL_PATH}`,
          persistedOperations: persistedOperations.size,
        },
        'gateway listening',
      );
      // Listening first: /readyz says false while Kafka is waited for, up to STARTUP_DEADLINE_MS.
      await subscriptions?.connected(config.STARTUP_DEADLINE_MS);
    },
    async stop() {
      accepting = false;
      await subscriptions?.stop();
      if (server) await closeHttpServer(server);
      await apollo?.stop();
      await publicApollo?.stop();
      await quotas.close();
      server = null;
      apollo = null;
      publicApollo = null;
      supergraphLoaded = false;
      currentSchema = undefined;
    },
  };
}
