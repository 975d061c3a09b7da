import { GraphQLError } from 'graphql';
import { IDENTITY_HEADER, type Identity } from '@salesgraph/auth';
import type { ServerResponse } from 'node:http';
import { BodyTooLarge, readBody, type Route } from '@salesgraph/http';
import { describeError, type Logger } from '@salesgraph/logging';
import type { Authenticate } from '../auth/authenticate.js';
import { postToSubgraph, subgraphEndpoint } from '../subgraph-http.js';

export interface IntakeRouteOptions {
  readonly authenticate: Authenticate;
  readonly signIdentity: (identity: Identity) => Promise<string>;
  /** The intake subgraph's routing URL (from the supergraph, or SUBGRAPH_URLS). */
  readonly intakeUrl: () => string | undefined;
  readonly logger: Logger;
  readonly maxBodyBytes: number;
}

const PATH = /^\/intake\/([a-z0-9-]{1,32})\/orders$/;

function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

const receiveSalesOrder = `mutation ReceiveSalesOrder($system: String!, $payload: JSONObject!) {
  receiveSalesOrder(system: $system, payload: $payload) { outcome problems eventId salesOrder { id revision } }
}`;

interface Receipt {
  readonly outcome: 'RECEIVED' | 'REVISED' | 'DUPLICATE' | 'OUTDATED' | 'REJECTED';
  readonly problems: readonly string[];
  readonly eventId: string | null;
  readonly salesOrder: { readonly id: string; readonly revision: number } | null;
}

/** The subgraph's error codes as HTTP statuses (BAD_USER_INPUT: a malformed Idempotency-Key header). */
const statusOfCode: Readonly<Record<string, number>> = {
  BAD_USER_INPUT: 400,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  IDEMPOTENCY_KEY_REUSED: 409,
};

/** A refused token as RFC 6750 wants it: the status and challenge the authenticator chose. */
function refusal(error: GraphQLError): { status: number; headers: Record<string, string> } {
  const http = error.extensions['http'] as { status?: number; headers?: Iterable<[string, string]> } | undefined;
  return { status: http?.status ?? 401, headers: Object.fromEntries(http?.headers ?? []) };
}

/**
 * `POST /intake/{system}/orders`: a sales system pushes one order (the JSON body, its own format).
 * The client-credentials token must carry `intake:<system>`; its tenant is the order's. The order
 * goes to the intake subgraph with the caller's signed identity (the subgraph checks the scope
 * again) and the client's `Idempotency-Key`, if any (the write frame replays the first answer).
 * 201 RECEIVED, 200 REVISED / DUPLICATE / OUTDATED, 422 with every problem (nothing stored).
 */
export function intakeRoute({
  authenticate,
  signIdentity,
  intakeUrl,
  logger,
  maxBodyBytes,
}: IntakeRouteOptions): Route {
  return {
    path: '/intake/*',
    methods: ['POST'],
    async handle(req, res, url) {
      const system = PATH.exec(url.pathname)?.[1];
      if (!system) return sendJson(res, 404, { error: 'not found' });
      let identity: Identity;
      try {
        identity = await authenticate(req.headers.authorization);
      } catch (error) {
        if (!(error instanceof GraphQLError)) throw error;
        const { status, headers } = refusal(error);
        return sendJson(res, status, { error: error.message }, headers);
      }
      if (!identity.scopes.includes(`intake:${system}`))
        return sendJson(res, 403, { error: `This token lacks the scope intake:${system}` });
      let body: string;
      try {
        body = await readBody(req, maxBodyBytes);
      } catch (error) {
        if (!(error instanceof BodyTooLarge)) throw error;
        res.setHeader('connection', 'close');
        return sendJson(res, 413, { error: 'The order is larger than the body limit' });
      }
      let payload: unknown;
      try {
        payload = JSON.parse(body);
      } catch {
        return sendJson(res, 400, { error: 'The body is not valid JSON' });
      }
      if (typeof payload !== 'object' || payload === null || Array.isArray(payload))
        return sendJson(res, 422, { outcome: 'REJECTED', problems: ['(payload): must be a JSON object'] });
      const endpoint = subgraphEndpoint(intakeUrl() ?? '');
      if (!endpoint) return sendJson(res, 503, { error: 'The intake is not part of this graph' });
      let answer: {
        data?: { receiveSalesOrder?: Receipt };
        errors?: { message?: string; extensions?: { code?: string } }[];
      };
      try {
        const idempotencyKey = req.headers['idempotency-key'];
        const reply = await postToSubgraph(
          endpoint,
          {
            'content-type': 'application/json',
            [IDENTITY_HEADER]: await signIdentity(identity),
            ...(typeof idempotencyKey === 'string' ? { 'idempotency-key': idempotencyKey } : {}),
          },
          JSON.stringify({ query: receiveSalesOrder, variables: { system, payload } }),
        );
        answer = JSON.parse(reply.body) as typeof answer;
      } catch (error) {
        logger.warn({ error: describeError(error) }, 'intake subgraph unreachable');
        return sendJson(res, 503, { error: 'The intake is unavailable; send the order again' }, { 'retry-after': '5' });
      }
      const receipt = answer.data?.receiveSalesOrder;
      if (!receipt) {
        const error = answer.errors?.[0];
        const code = error?.extensions?.code ?? 'INTERNAL_SERVER_ERROR';
        const status = statusOfCode[code];
        // The subgraph has masked its errors already; an unexpected one is only named.
        return status
          ? sendJson(res, status, { error: code, message: error?.message })
          : sendJson(res, 500, { error: 'INTERNAL_SERVER_ERROR' });
      }
      const status = receipt.outcome === 'REJECTED' ? 422 : receipt.outcome === 'RECEIVED' ? 201 : 200;
      return sendJson(res, status, {
        outcome: receipt.outcome,
        ...(receipt.outcome === 'REJECTED' ? { problems: receipt.problems } : {}),
        salesOrderId: receipt.salesOrder?.id ?? null,
        revision: receipt.salesOrder?.revision ?? null,
        eventId: receipt.eventId,
      });
    },
  };
}
