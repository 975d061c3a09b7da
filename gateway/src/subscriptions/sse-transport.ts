import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GraphQLError } from 'graphql';
import { appError } from '@salesgraph/errors';
import { describeError, type Logger } from '@salesgraph/logging';
import { isCallerAtFault, onTokenExpiry, type AuthenticateConnection } from './connection-auth.js';
import { isErrorList, parseOperation, type RequestCheck } from './operation-request.js';
import type { SubscriptionService } from './subscription-service.js';
import type { SubscriptionMetrics } from './subscription-metrics.js';

export interface SseOptions {
  /** The engine, or a view of it with another API schema (the public contract). */
  readonly engine: SubscriptionService;
  readonly authenticate: AuthenticateConnection;
  readonly check?: RequestCheck;
  readonly logger: Logger;
  readonly metrics: SubscriptionMetrics;
  readonly sendBufferMaxBytes: number;
  readonly keepAliveMs: number;
  readonly maxBodyBytes?: number;
}

class RequestProblem extends Error {
  constructor(
    readonly status: number,
    readonly errors: readonly GraphQLError[],
    readonly headers: Record<string, string> = {},
  ) {
    super(errors[0]?.message ?? 'bad request');
  }
}

function sendErrors(res: ServerResponse, problem: RequestProblem): void {
  const body = JSON.stringify({
    errors: problem.errors.map((error) => ({ message: error.message, extensions: { code: error.extensions['code'] } })),
  });
  res.writeHead(problem.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    ...problem.headers,
  });
  res.end(body);
}

async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new RequestProblem(413, [appError('BAD_REQUEST', 'Request body too large')]);
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new RequestProblem(400, [appError('BAD_REQUEST', 'Request body is not valid JSON')]);
  }
}

/** Whether a request asks for an event stream (GraphQL over SSE) rather than a single JSON response. */
export function wantsEventStream(req: IncomingMessage): boolean {
  return (req.headers.accept ?? '').toLowerCase().includes('text/event-stream');
}

/**
 * GraphQL over Server-Sent Events, the graphql-sse protocol's "distinct connections" mode:
 * one POST /graphql (`Accept: text/event-stream`, JSON body, `Authorization: Bearer`) per
 * subscription; the response is the stream of `next` events, then `complete`. Only
 * subscriptions are served this way. A stream the server cuts (token expiry, slow client,
 * shutdown) ends without `complete`, with a `: <reason>` comment line (SUBSCRIPTIONS.md).
 */
export function createSseTransport(options: SseOptions) {
  const { engine, logger, metrics } = options;
  const streams = new Set<(reason: string) => void>();
  let closing = false;

  async function open(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (closing)
      throw new RequestProblem(503, [appError('INTERNAL_SERVER_ERROR', 'The gateway is shutting down')], {
        'retry-after': '1',
      });
    if (req.method !== 'POST')
      throw new RequestProblem(405, [appError('BAD_REQUEST', 'Event streams are opened with POST')], { allow: 'POST' });
    if (!(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) {
      throw new RequestProblem(415, [appError('BAD_REQUEST', 'The body must be application/json')]);
    }
    let connection;
    try {
      connection = await options.authenticate(req.headers.authorization);
    } catch (error) {
      if (isCallerAtFault(error))
        throw new RequestProblem(401, [error as GraphQLError], { 'www-authenticate': 'Bearer realm="salesgraph"' });
      throw new RequestProblem(503, [appError('INTERNAL_SERVER_ERROR', 'The identity provider keys are unavailable')], {
        'retry-after': '5',
      });
    }
    const body = await readJson(req, options.maxBodyBytes ?? 1024 * 1024);
    const schema = engine.schema;
    if (!schema) throw new RequestProblem(503, [appError('INTERNAL_SERVER_ERROR', 'The graph is not loaded yet')]);
    const parsed = await parseOperation(schema, engine.validationRules, options.check, body);
    if (isErrorList(parsed)) throw new RequestProblem(400, parsed);
    if (parsed.operation.operation !== 'subscription') {
      throw new RequestProblem(400, [
        appError(
          'BAD_REQUEST',
          'Only subscriptions are served as event streams; send queries and mutations as application/json',
        ),
      ]);
    }

    let cut: ((reason: string) => void) | null = null;
    let ended = false;
    const write = (text: string) => {
      if (ended) return;
      if (res.writableLength > options.sendBufferMaxBytes) return cut?.('slow_consumer');
      res.write(text);
    };
    const stream = engine.subscribe(parsed, connection.identity, {
      send: (messages) => write(messages.map((message) => `event: next\ndata: ${message.text}\n\n`).join('')),
      overflow: () => cut?.('slow_consumer'),
    });
    if (isErrorList(stream)) throw new RequestProblem(400, stream);

    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      'x-accel-buffering': 'no',
    });
    res.flushHeaders();
    metrics.connectionOpened('sse');
    const finish = (lastWords: string) => {
      if (ended) return;
      ended = true;
      streams.delete(cut!);
      clearInterval(keepAlive);
      cancelExpiry();
      res.end(lastWords);
      metrics.connectionClosed('sse');
      void stream.return();
    };
    cut = (reason: string) => {
      metrics.closedByServer(reason);
      finish(`: ${reason}\n\n`);
    };
    streams.add(cut);
    const keepAlive = setInterval(() => write(':\n\n'), options.keepAliveMs);
    const cancelExpiry = onTokenExpiry(connection.expiresAt, () => cut('token_expired'));
    res.once('close', () => finish(''));

    // Messages flow to `send` from here on; this resolves when the server ends the subscription.
    await stream.next();
    finish('event: complete\ndata:\n\n');
  }

  return {
    /** Serves a request for an event stream (the route table sends them here: `wantsEventStream`). */
    handle(req: IncomingMessage, res: ServerResponse): void {
      open(req, res).catch((error: unknown) => {
        if (error instanceof RequestProblem && !res.headersSent) return sendErrors(res, error);
        logger.error({ error: describeError(error) }, 'event stream failed');
        if (!res.headersSent)
          sendErrors(res, new RequestProblem(500, [appError('INTERNAL_SERVER_ERROR', 'Internal server error')]));
        else res.destroy();
      });
    },
    get streams(): number {
      return streams.size;
    },
    /** Ends every stream without `complete` (the client reconnects with its last cursor). */
    closeAll(reason: string): void {
      closing = true;
      for (const cut of [...streams]) cut(reason);
    },
  };
}

export type SseTransport = ReturnType<typeof createSseTransport>;
