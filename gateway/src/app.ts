import type { IncomingMessage, Server } from 'node:http';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { signForwardedIdentity, type Identity } from '@salesgraph/auth';
import { closeHttpServer, createHttpServer, listen } from '@salesgraph/http';
import { describeError, type Logger } from '@salesgraph/logging';
import { createAuthenticator } from './auth/authenticate.js';
import { createTokenVerifier } from './auth/token-verifier.js';
import { trustedIssuers } from './auth/trusted-issuers.js';
import type { GatewayConfig } from './config.js';
import type { GatewayContext } from './context.js';
import { createFormatError } from './format-error.js';
import { createGatewayMetrics, type GatewayMetrics } from './metrics.js';
import { SubgraphDataSource } from './subgraph-data-source.js';
import { loadSupergraph } from './supergraph.js';

export interface GatewayAppOptions {
  readonly config: Readonly<GatewayConfig>;
  readonly logger: Logger;
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
}

/** Apollo's logger interface on top of ours; Apollo's messages are plain strings. */
function apolloLogger(logger: Logger) {
  const child = logger.child({ component: 'apollo' });
  return {
    debug: (message?: unknown) => child.debug(String(message)),
    info: (message?: unknown) => child.info(String(message)),
    warn: (message?: unknown) => child.warn(String(message)),
    error: (message?: unknown) => child.error(String(message)),
  };
}

/**
 * Responses sent while stopping close their connection, so a keep-alive socket does not
 * outlive the drain (node:http only closes the connections idle when `close()` is called).
 */
function closeConnectionsWhen(stopping: () => boolean): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (stopping()) response.http.headers.set('connection', 'close');
        },
      };
    },
  };
}

/**
 * The gateway from its parts: the composed supergraph (read from a file, never by
 * introspection), token verification for every request, and subgraph calls that carry the
 * caller's identity signed per request. `main.ts` only runs it.
 */
export function createGatewayApp({ config, logger }: GatewayAppOptions): GatewayApp {
  const production = config.NODE_ENV === 'production';
  const metrics = createGatewayMetrics();
  const signIdentity = (identity: Identity) =>
    signForwardedIdentity(identity, config.GATEWAY_IDENTITY_SECRET, config.GATEWAY_IDENTITY_TTL_SECONDS);
  let apollo: ApolloServer<GatewayContext> | null = null;
  let server: Server | null = null;
  let port = config.PORT;
  let supergraphLoaded = false;
  let accepting = false;

  async function readiness(): Promise<boolean> {
    return accepting && supergraphLoaded;
  }

  return {
    get url() {
      return `http://${config.HOST}:${port}/graphql`;
    },
    metrics,
    readiness,
    async start() {
      const supergraph = await loadSupergraph(config.SUPERGRAPH_PATH, config.SUBGRAPH_URLS);
      const verifier = createTokenVerifier(await trustedIssuers(config, logger));
      for (const { issuer, error } of await verifier.warmUp()) {
        logger.warn({ issuer, error: describeError(error) }, 'issuer keys not loaded yet; retried when a token arrives');
      }
      const authenticate = createAuthenticator({ verifier, logger, onRejected: (reason) => metrics.authRejected(reason) });

      const gateway = new ApolloGateway({
        supergraphSdl: supergraph.sdl,
        buildService: ({ name }) =>
          new SubgraphDataSource({ name, url: supergraph.routingUrls.get(name) ?? '', signIdentity, logger, metrics }),
        logger: apolloLogger(logger),
      });
      gateway.onSchemaLoadOrUpdate(() => {
        supergraphLoaded = true;
      });

      apollo = new ApolloServer<GatewayContext>({
        gateway,
        nodeEnv: config.NODE_ENV,
        logger: apolloLogger(logger),
        introspection: !production,
        hideSchemaDetailsFromClientErrors: production,
        csrfPrevention: true,
        allowBatchedHttpRequests: false,
        persistedQueries: false,
        includeStacktraceInErrorResponses: false,
        stopOnTerminationSignals: false,
        formatError: createFormatError(logger),
        plugins: [
          ApolloServerPluginInlineTraceDisabled(),
          ApolloServerPluginUsageReportingDisabled(),
          ApolloServerPluginSchemaReportingDisabled(),
          production ? ApolloServerPluginLandingPageDisabled() : ApolloServerPluginLandingPageLocalDefault({ footer: false }),
          closeConnectionsWhen(() => !accepting),
        ],
      });
      await apollo.start();

      server = createHttpServer<GatewayContext>({
        apollo,
        context: async ({ req }: { req: IncomingMessage }) => ({ identity: await authenticate(req.headers.authorization) }),
        readiness,
        metrics: async () => metrics.render(),
      });
      port = await listen(server, config.PORT, config.HOST);
      accepting = true;
      logger.info({ url: `http://${config.HOST}:${port}/graphql`, subgraphs: [...supergraph.routingUrls.keys()] }, 'gateway listening');
    },
    async stop() {
      accepting = false;
      if (server) await closeHttpServer(server);
      await apollo?.stop();
      server = null;
      apollo = null;
      supergraphLoaded = false;
    },
  };
}
