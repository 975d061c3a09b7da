import type { ApolloServerPlugin, HTTPGraphQLRequest, HTTPGraphQLResponse } from '@apollo/server';
import type { Identity } from '@salesgraph/auth';
import type { GatewayContext } from '../context.js';
import { actualCost } from '../cost/actual-cost.js';
import { RenderedData } from '../executor/rendered-data.js';
import type { CostModels } from '../cost/cost-models.js';
import type { GuardedOperation } from '../request-guard.js';
import { refusalResponse, type FormatError } from '../request-refusal.js';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import type { CostExtension, DemandControl, DemandTicket } from './demand-control.js';
import type { QuotaSubject } from './quota-policy.js';
import { rateLimitHeaders } from './rate-limit-headers.js';

/**
 * Who a caller's requests are charged to, always with its tenant: a client (a third-party
 * app's client-credentials token: scopes and no roles, ARCHITECTURE.md; its `sub` is the client
 * id), else the user (`sub`).
 */
export function quotaSubjectOf(identity: Identity): QuotaSubject {
  return identity.roles.length === 0 && identity.scopes.length > 0
    ? { tenant: identity.tenant, client: identity.sub }
    : { tenant: identity.tenant, user: identity.sub };
}

/**
 * The response's data as plain values: our executor hands Apollo its data already written as
 * JSON (`RenderedData`), with the merged answers it was written from when writing changed
 * nothing in them (the selection walk of the actual cost reads the same values there, without
 * parsing the JSON back); @apollo/gateway's executor, objects.
 */
function plainData(data: unknown): unknown {
  if (data instanceof RenderedData) return data.merged ?? data.toJSON();
  return data;
}

/** What a response of an admitted request settles with: the RateLimit header fields and `extensions.cost`. */
export interface SettledRequest {
  readonly headers: readonly (readonly [string, string])[];
  readonly cost: CostExtension;
}

/**
 * Settles an admitted request on the actual cost of its response (gives back what it did not
 * use, without waiting for the store): the plugin below for every response, and the bench's
 * measurement of the quota check (bench/src/g1/quota-check.ts).
 */
export function settleOnActualCost(
  { demand, costModels, ticket }: { demand: DemandControl; costModels: CostModels; ticket: DemandTicket },
  response: {
    readonly data: unknown;
    readonly document: DocumentNode | undefined;
    readonly operationName: string | null | undefined;
    readonly schema: GraphQLSchema;
  },
): SettledRequest {
  const actual = response.document
    ? actualCost(costModels.of(response.schema), response.document, plainData(response.data), {
        operationName: response.operationName,
      })
    : 0;
  const buckets = demand.settle(ticket, actual);
  return {
    headers: rateLimitHeaders(buckets),
    cost: {
      requestedQueryCost: ticket.requestedCost,
      actualQueryCost: actual,
      throttleStatus: demand.throttleStatus(buckets),
    },
  };
}

export interface HttpQuotaOptions {
  readonly demand: DemandControl;
  readonly costModels: CostModels;
  readonly formatError: FormatError;
  readonly subjectOf?: (identity: GatewayContext['identity']) => QuotaSubject;
}

export interface HttpQuota {
  /** `GatewayApolloServer`'s `admit`: after the request guard, before execution. */
  admit(
    context: GatewayContext,
    request: HTTPGraphQLRequest,
    operation: GuardedOperation,
  ): Promise<HTTPGraphQLResponse | undefined>;
  /** Settles each admitted request on its actual cost; adds `extensions.cost` and the RateLimit fields. */
  readonly plugin: ApolloServerPlugin<GatewayContext>;
}

/**
 * Quotas for GraphQL over HTTP. A document Apollo will refuse unparsed (a syntax error) has no
 * cost and is not metered. A request answered by joining an identical one in flight
 * (src/sharing) is charged its requested cost and carries the response of the one it joined.
 */
export function createHttpQuota({
  demand,
  costModels,
  formatError,
  subjectOf = quotaSubjectOf,
}: HttpQuotaOptions): HttpQuota {
  return {
    async admit(context, request, operation) {
      if (operation.requestedCost === undefined) return undefined;
      const decision = await demand.admit(subjectOf(context.identity), operation.requestedCost);
      if ('refused' in decision)
        return refusalResponse(decision.refused, request, formatError, { cost: decision.cost });
      context.demandTicket = decision.ticket;
      return undefined;
    },
    plugin: {
      async requestDidStart({ contextValue }) {
        const ticket = contextValue.demandTicket;
        if (!ticket) return;
        return {
          async willSendResponse({ response, document, operationName, schema }) {
            if (response.body.kind !== 'single') return;
            const result = response.body.singleResult;
            const settled = settleOnActualCost(
              { demand, costModels, ticket },
              { data: result.data, document, operationName, schema },
            );
            for (const [name, value] of settled.headers) response.http.headers.set(name, value);
            response.body.singleResult = { ...result, extensions: { ...result.extensions, cost: settled.cost } };
          },
        };
      },
    },
  };
}
