import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ApolloServer } from '@apollo/server';
import type { FormattedExecutionResult, GraphQLSchema } from 'graphql';
import type { Identity } from '@salesgraph/auth';
import type { Route } from '@salesgraph/http';
import { createKafkaBus, kafkaBusOptions, type MessageBus } from '@salesgraph/kafka';
import type { Logger } from '@salesgraph/logging';
import type { Authenticate } from '../auth/authenticate.js';
import type { GatewayContext } from '../context.js';
import type { RequestGuard } from '../request-guard.js';
import { closeCodes } from './close-codes.js';
import { createConnectionAuth } from './connection-auth.js';
import { createGraphqlWsTransport, type GraphqlWsTransport } from './graphql-ws-transport.js';
import type { OperationPayload, RequestCheck } from './operation-request.js';
import { createSseTransport, wantsEventStream, type SseTransport } from './sse-transport.js';
import type { SubscriptionService } from './subscription-service.js';
import type { z } from 'zod';
import type { subscriptionEnv } from './subscription-config.js';
import type { SubscriptionQuota } from '../quota/subscription-quota.js';
import { SubscriptionEngine } from './subscription-engine.js';
import { executeSocketOperation } from './socket-operations.js';
import { createSubscriptionMetrics } from './subscription-metrics.js';
import type { Registry } from '@salesgraph/telemetry';

export { subscriptionEnv } from './subscription-config.js';

type SubscriptionSettings = Readonly<z.output<z.ZodObject<typeof subscriptionEnv>>>;

export interface GatewaySubscriptionsOptions {
  readonly config: SubscriptionSettings;
  readonly logger: Logger;
  /** Replaces the Kafka bus (the embedded start's in-process bus). */
  readonly bus?: MessageBus;
  /** The gateway's metrics registry: the engine's series join it. */
  readonly registry: Registry;
  /** Caps on open subscriptions and charges per delivery (src/quota); absent without quotas. */
  readonly quota?: SubscriptionQuota | undefined;
}

export interface GatewaySubscriptions {
  /** A supergraph was loaded (at start and after every hot reload). */
  updateSchema(change: { readonly apiSchema: GraphQLSchema; readonly supergraphSdl: string }): void;
  /**
   * The routes of graphql-ws (upgrade) and SSE (Accept: text/event-stream) at `path`, for the
   * gateway's route table. Entity loads run through the internal endpoint's `apollo` as each
   * subscriber (`attach`). `service` is what subscribers see of the engine (the engine itself,
   * or the public contract's view of it); `guard` checks client documents as on HTTP;
   * queries and mutations sent over a socket run through `executeOperation`.
   */
  routes(parts: {
    readonly path: string;
    readonly authenticate: Authenticate;
    readonly guard?: Pick<RequestGuard, 'check'>;
    readonly service?: SubscriptionService;
    readonly executeOperation?: (payload: OperationPayload, identity: Identity) => Promise<FormattedExecutionResult>;
  }): Route[];
  /** The internal endpoint's Apollo Server: subscribers' entity loads run through it. */
  attach(apollo: ApolloServer<GatewayContext>): void;
  /** The engine as the transports see it (to build another view of it, e.g. the public contract's). */
  readonly service: SubscriptionService;
  /** Starts consuming the declared topics (connects in the background, retrying). */
  start(): void;
  /** The consumer of every declared topic is connected. */
  ready(): boolean;
  /**
   * Resolves once `ready()` (or the engine stops); rejects after `deadlineMs` (STARTUP_DEADLINE_MS)
   * with an error naming what it waited for. Meanwhile the consumers retry with backoff.
   */
  connected(deadlineMs: number): Promise<void>;
  /** Closes every socket (1012) and stream, stops consuming. */
  stop(): Promise<void>;
}

/** How often `connected` looks at the consumers while start-up waits for them. */
const CONNECTED_POLL_MS = 250;

/** Pauses before retrying an entity load that failed on the way (about 5 s in all; SUBSCRIPTIONS.md). */
const loadRetryDelaysMs = [250, 1_000, 4_000];

/**
 * The gateway's subscription engine and its two transports (SUBSCRIPTIONS.md). Null when
 * neither KAFKA_BROKERS nor a bus is given: the gateway then serves queries and mutations only.
 */
export function createGatewaySubscriptions(options: GatewaySubscriptionsOptions): GatewaySubscriptions | null {
  const { config, logger } = options;
  if (!options.bus && config.KAFKA_BROKERS.length === 0) return null;
  const log = logger.child({ component: 'subscriptions' });
  const bus =
    options.bus ??
    createKafkaBus(
      kafkaBusOptions(config, {
        clientId: 'salesgraph-gateway',
        onLog: (level, message) => log[level]({ component: 'kafka' }, message),
      }),
    );
  const metrics = createSubscriptionMetrics(options.registry);
  const epoch = randomBytes(6).toString('hex');
  let apollo: ApolloServer<GatewayContext> | null = null;
  const sockets: GraphqlWsTransport[] = [];
  const streams: SseTransport[] = [];
  let stopping = false;

  const execute = async (payload: OperationPayload, identity: Identity): Promise<FormattedExecutionResult> => {
    if (!apollo) throw new Error('the gateway is not started');
    return executeSocketOperation(apollo, payload, identity);
  };

  const engine = new SubscriptionEngine({
    bus,
    groupId: `gateway.${config.GATEWAY_INSTANCE_ID}.${epoch}`,
    executeAs: (query, variables, identity) => execute({ query, variables }, identity),
    logger: log,
    metrics,
    queueMax: config.SUBSCRIPTIONS_QUEUE_MAX,
    resume: {
      eventsPerTenant: config.SUBSCRIPTIONS_RESUME_EVENTS,
      tenantsPerTopic: config.SUBSCRIPTIONS_RESUME_TENANTS,
    },
    fetchConcurrency: config.SUBSCRIPTIONS_FETCH_CONCURRENCY,
    loadRetryDelaysMs,
    quota: options.quota,
  });

  return {
    updateSchema({ apiSchema, supergraphSdl }) {
      engine.updateSchema(apiSchema, supergraphSdl);
    },
    service: engine,
    attach(internal) {
      apollo = internal;
    },
    routes(parts) {
      const authenticate = createConnectionAuth(parts.authenticate);
      const { guard } = parts;
      const check: RequestCheck | undefined = guard
        ? async (request, schema) => guard.check(request, schema)
        : undefined;
      const transport = {
        engine: parts.service ?? engine,
        authenticate,
        check,
        logger: log,
        metrics,
        sendBufferMaxBytes: config.SUBSCRIPTIONS_SEND_BUFFER_MAX_BYTES,
        keepAliveMs: config.SUBSCRIPTIONS_KEEPALIVE_MS,
      };
      const socketTransport = createGraphqlWsTransport({
        ...transport,
        executeOperation: parts.executeOperation ?? execute,
        maxSubscriptionsPerConnection: config.SUBSCRIPTIONS_MAX_PER_CONNECTION,
        connectionInitTimeoutMs: config.SUBSCRIPTIONS_CONNECTION_INIT_TIMEOUT_MS,
      });
      const streamTransport = createSseTransport(transport);
      sockets.push(socketTransport);
      streams.push(streamTransport);
      return [
        { path: parts.path, when: wantsEventStream, handle: (req, res) => streamTransport.handle(req, res) },
        {
          path: parts.path,
          upgrade: (request: IncomingMessage, socket: Duplex, head: Buffer) => {
            if (stopping) {
              socket.end('HTTP/1.1 503 Service Unavailable\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
              return;
            }
            socketTransport.upgrade(request, socket, head);
          },
        },
      ];
    },
    start() {
      engine.start();
    },
    ready() {
      return !stopping && engine.ready();
    },
    async connected(deadlineMs) {
      const began = Date.now();
      while (!stopping && !engine.ready()) {
        if (Date.now() - began >= deadlineMs) {
          const what = options.bus ? 'the event bus' : `Kafka at ${config.KAFKA_BROKERS.join(',')}`;
          throw new Error(
            `gave up waiting for ${what} (the subscription consumers): not connected within STARTUP_DEADLINE_MS (${Math.round(deadlineMs / 1000)} s)`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, CONNECTED_POLL_MS));
      }
    },
    async stop() {
      stopping = true;
      for (const stream of streams) stream.closeAll('shutdown');
      await Promise.all(sockets.map((socket) => socket.closeAll(closeCodes.shutdown, 'shutdown')));
      await engine.stop();
      if (!options.bus) await bus.close();
    },
  };
}
