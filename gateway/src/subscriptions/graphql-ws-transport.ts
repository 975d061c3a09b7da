import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { GraphQLError, type ExecutionResult, type FormattedExecutionResult } from 'graphql';
import { CloseCode, makeServer, handleProtocols, type Context } from 'graphql-ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Identity } from '@salesgraph/auth';
import { appError } from '@salesgraph/errors';
import { describeError, type Logger } from '@salesgraph/logging';
import { closeCodes } from './close-codes.js';
import { graphqlWsNext } from './graphql-ws-next.js';
import { isCallerAtFault, onTokenExpiry, type AuthenticateConnection } from './connection-auth.js';
import { isErrorList, parseOperation, type OperationPayload, type RequestCheck } from './operation-request.js';
import type { SubscriptionService } from './subscription-service.js';
import type { SubscriptionMetrics } from './subscription-metrics.js';

export interface GraphqlWsOptions {
  /** The engine, or a view of it with another API schema (the public contract). */
  readonly engine: SubscriptionService;
  readonly authenticate: AuthenticateConnection;
  readonly check?: RequestCheck;
  /** Queries and mutations sent over the socket run through the normal HTTP path's executor. */
  readonly executeOperation: (payload: OperationPayload, identity: Identity) => Promise<FormattedExecutionResult>;
  readonly logger: Logger;
  readonly metrics: SubscriptionMetrics;
  readonly maxSubscriptionsPerConnection: number;
  readonly sendBufferMaxBytes: number;
  readonly keepAliveMs: number;
  readonly connectionInitTimeoutMs: number;
}

interface Extra {
  readonly socket: WebSocket;
  identity: Identity | null;
  cancelExpiry: (() => void) | null;
}

type ConnectionContext = Context<Record<string, unknown> | undefined, Extra>;

/** What graphql-ws hands our `subscribe`/`execute` in `contextValue`. */
type Prepared =
  | { readonly kind: 'stream'; readonly stream: AsyncGenerator<ExecutionResult> }
  | { readonly kind: 'single'; readonly payload: OperationPayload; readonly identity: Identity };

const toGraphQLErrors = (result: FormattedExecutionResult): ExecutionResult => ({
  ...(result.data !== undefined ? { data: result.data } : {}),
  ...(result.errors?.length
    ? {
        errors: result.errors.map(
          (error) => new GraphQLError(error.message, { path: error.path, extensions: error.extensions }),
        ),
      }
    : {}),
});

/**
 * The GraphQL over WebSocket protocol (graphql-ws, subprotocol `graphql-transport-ws`) on the
 * gateway's HTTP server at /graphql: authentication in `connection_init`, a cap on
 * subscriptions per connection, keep-alive pings, the connection closed when its token
 * expires, and slow clients dropped (close codes in close-codes.ts and SUBSCRIPTIONS.md).
 */
export function createGraphqlWsTransport(options: GraphqlWsOptions) {
  const { engine, logger, metrics } = options;
  const sockets = new Set<WebSocket>();
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: 1024 * 1024,
    handleProtocols: (protocols) => handleProtocols(protocols),
  });

  const close = (socket: WebSocket, { code, reason }: { code: number; reason: string }, why: string) => {
    if (socket.readyState !== socket.OPEN && socket.readyState !== socket.CONNECTING) return;
    metrics.closedByServer(why);
    socket.close(code, reason);
  };

  const server = makeServer<Record<string, unknown> | undefined, Extra>({
    connectionInitWaitTimeout: options.connectionInitTimeoutMs,
    async onConnect(ctx: ConnectionContext) {
      const { socket } = ctx.extra;
      try {
        const { identity, expiresAt } = await options.authenticate(ctx.connectionParams?.['authorization']);
        ctx.extra.identity = identity;
        ctx.extra.cancelExpiry = onTokenExpiry(expiresAt, () =>
          close(socket, closeCodes.tokenExpired, 'token_expired'),
        );
        return true;
      } catch (error) {
        if (isCallerAtFault(error)) return false; // graphql-ws closes with 4403 Forbidden (counted as protocol_4403)
        logger.warn(
          { error: describeError(error) },
          'subscription connection not authenticated: identity provider unavailable',
        );
        close(socket, closeCodes.tryAgainLater, 'identity_provider_unavailable');
        return false;
      }
    },
    async onSubscribe(ctx: ConnectionContext, id, payload) {
      const identity = ctx.extra.identity;
      if (!identity) return [appError('UNAUTHENTICATED', 'Not authenticated')];
      if (Object.keys(ctx.subscriptions).length > options.maxSubscriptionsPerConnection) {
        return [
          appError(
            'RATE_LIMITED',
            `At most ${options.maxSubscriptionsPerConnection} operations may run at once on one connection`,
          ),
        ];
      }
      const schema = engine.schema;
      if (!schema) return [appError('INTERNAL_SERVER_ERROR', 'The graph is not loaded yet')];
      const parsed = await parseOperation(schema, engine.validationRules, options.check, payload);
      if (isErrorList(parsed)) return parsed;
      const { document, operation, variables } = parsed;
      let prepared: Prepared;
      if (operation.operation === 'subscription') {
        const slow = () => close(ctx.extra.socket, closeCodes.slowConsumer, 'slow_consumer');
        // Messages are written to the socket directly (graphql-ws-next.ts); graphql-ws sees when the stream ends.
        const stream = engine.subscribe(parsed, identity, {
          send: graphqlWsNext(ctx.extra.socket, id, options.sendBufferMaxBytes, slow),
          overflow: slow,
        });
        if (isErrorList(stream)) return stream;
        prepared = { kind: 'stream', stream };
      } else {
        prepared = {
          kind: 'single',
          payload: { query: parsed.query, variables, operationName: operation.name?.value ?? null },
          identity,
        };
      }
      return {
        schema,
        document,
        operationName: operation.name?.value,
        variableValues: variables,
        contextValue: prepared,
      };
    },
    subscribe: (args) => (args.contextValue as Prepared & { kind: 'stream' }).stream,
    async execute(args) {
      const prepared = args.contextValue as Prepared & { kind: 'single' };
      return toGraphQLErrors(await options.executeOperation(prepared.payload, prepared.identity));
    },
    onClose(ctx: ConnectionContext) {
      ctx.extra.cancelExpiry?.();
    },
  });

  function accept(socket: WebSocket): void {
    sockets.add(socket);
    metrics.connectionOpened('graphql-ws');
    const extra: Extra = { socket, identity: null, cancelExpiry: null };
    const closed = server.opened(
      {
        protocol: socket.protocol,
        send: (data) =>
          new Promise<void>((resolve) => {
            if (socket.readyState !== socket.OPEN) return resolve();
            if (socket.bufferedAmount > options.sendBufferMaxBytes) {
              close(socket, closeCodes.slowConsumer, 'slow_consumer');
              return resolve();
            }
            socket.send(data, () => resolve());
          }),
        close: (code, reason) =>
          close(socket, { code: code ?? 1000, reason: reason ?? '' }, `protocol_${code ?? 1000}`),
        onMessage: (handle) =>
          socket.on('message', (data) => {
            handle(String(data)).catch((error: unknown) => {
              logger.error({ error: describeError(error) }, 'graphql-ws message handling failed');
              close(socket, { code: CloseCode.InternalServerError, reason: 'Internal server error' }, 'internal_error');
            });
          }),
      },
      extra,
    );

    // Keep-alive: a ping every keepAliveMs; no pong before the next one ends the connection.
    let alive = true;
    socket.on('pong', () => (alive = true));
    const keepAlive = setInterval(() => {
      if (!alive) {
        metrics.closedByServer('keepalive_timeout');
        socket.terminate();
        return;
      }
      alive = false;
      socket.ping();
    }, options.keepAliveMs);
    socket.on('error', (error) => logger.debug({ error: describeError(error) }, 'subscription socket error'));
    socket.once('close', (code, reason) => {
      clearInterval(keepAlive);
      extra.cancelExpiry?.();
      sockets.delete(socket);
      metrics.connectionClosed('graphql-ws');
      closed(code, reason.toString('utf8')).catch((error: unknown) =>
        logger.warn({ error: describeError(error) }, 'graphql-ws close handling failed'),
      );
    });
  }

  return {
    /** For the HTTP server's `upgrade` event; answers only /graphql. */
    upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
      wss.handleUpgrade(request, socket, head, accept);
    },
    get connections(): number {
      return sockets.size;
    },
    /** Closes every socket with `code` (shutdown: 1012) and waits until they are closed. */
    async closeAll(code: { code: number; reason: string }, why: string): Promise<void> {
      const open = [...sockets];
      await Promise.all(
        open.map(
          (socket) =>
            new Promise<void>((resolve) => {
              socket.once('close', () => resolve());
              close(socket, code, why);
              // A peer that never answers the close handshake does not hold up shutdown.
              setTimeout(() => socket.terminate(), 2_000).unref();
            }),
        ),
      );
      wss.close();
    },
  };
}

export type GraphqlWsTransport = ReturnType<typeof createGraphqlWsTransport>;
