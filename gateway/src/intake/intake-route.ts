import { GraphQLError } from 'graphql';
import { IDENTITY_HEADER, type Identity } from '@salesgraph/auth';
import { sendJson, type HttpRoute } from '@salesgraph/http';
import { describeError, type Logger } from '@salesgraph/logging';
import type { Authenticate } from '../auth/authenticate.js';
import { postToSubgraph, subgraphEndpoint } from '../subgraph-http.js';

export interface IntakeRouteOptions {
  readonly authenticate: Authenticate;
  readonly signIdentity: (identity: Identity) => Promise<string>;
  /** The intake subgraph's routing URL (from the supergraph, or SUBGRAPH_URLS). */
  readonly intakeUrl: () => string | undefined;
  readonly logger: Logger;
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

const statusOfCode: Readonly<Record<string, number>> = { FORBIDDEN: 403, NOT_FOUND: 404, BAD_USER_INPUT: 422 };

/** A refused token as RFC 6750 wants it: the status and challenge the authenticator chose. */
function refusal(error: GraphQLError): { status: number; headers: Record<string, string> } {
  const http = error.extensions['http'] as { status?: number; headers?: Iterable<[string, string]> } | undefined;
  return { status: http?.status ?? 401, headers: Object.fromEntries(http?.headers ?? []) };
}

/**
 * `POST /intake/{system}/orders`: a sales system pushes one order (the JSON body, its own format).
 * The client-credentials token must carry `intake:<system>`; its tenant is the order's. The order
 * goes to the intake subgraph with the caller's signed identity (the subgraph checks the scope
 * again). 201 RECEIVED, 200 REVISED / DUPLICATE / OUTDATED, 422 with every problem (nothing stored).
 */
export function intakeRoute({ authenticate, signIdentity, intakeUrl, logger }: IntakeRouteOptions): HttpRoute {
  return {
    method: 'POST',
    path: /^\/intake\/([a-z0-9-]{1,32})\/orders$/,
    async handle({ req, params, body }, res) {
      const system = params[0]!;
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
      let answer: { data?: { receiveSalesOrder?: Receipt }; errors?: { extensions?: { code?: string } }[] };
      try {
        const reply = await postToSubgraph(
          endpoint,
          { 'content-type': 'application/json', [IDENTITY_HEADER]: await signIdentity(identity) },
          JSON.stringify({ query: receiveSalesOrder, variables: { system, payload } }),
        );
        answer = JSON.parse(reply.body) as typeof answer;
      } catch (error) {
        logger.warn({ error: describeError(error) }, 'intake subgraph unreachable');
        return sendJson(res, 503, { error: 'The intake is unavailable; send the order again' }, { 'retry-after': '5' });
      }
      const receipt = answer.data?.receiveSalesOrder;
      if (!receipt) {
        const code = answer.errors?.[0]?.extensions?.code ?? 'INTERNAL_SERVER_ERROR';
        return sendJson(res, statusOfCode[code] ?? 502, { error: code });
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
