import { createHash } from 'node:crypto';
import { buildOperationContext, type ApolloGateway, type GraphQLDataSource } from '@apollo/gateway';
import { operationFromDocument, type Schema } from '@apollo/federation-internals';
import type { QueryPlan, QueryPlanner } from '@apollo/query-planner';
import type { GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import type { GraphQLError, GraphQLSchema } from 'graphql';
import { inSpan } from '@salesgraph/telemetry';

type OperationContext = ReturnType<typeof buildOperationContext>;

/**
 * The parts of ApolloGateway its own executor uses, kept by the gateway across hot reloads:
 * the API schema, the planner and its plan cache, the supergraph schema and the data sources.
 * They are not public API; this interface names exactly what is read (checked at start-up by
 * `gatewayPlanning`), so an upgrade of @apollo/gateway that moves them fails loudly.
 */
interface ApolloGatewayParts {
  readonly schema?: GraphQLSchema;
  readonly apiSchema?: Schema;
  readonly supergraphSchema?: GraphQLSchema;
  readonly queryPlanner?: QueryPlanner;
  readonly queryPlanStore: {
    get(key: string): Promise<QueryPlan | undefined>;
    set(key: string, plan: QueryPlan): Promise<void>;
  };
  readonly serviceMap: Record<string, { dataSource: GraphQLDataSource }>;
  readonly recursiveSelectionsLimitDisabled?: boolean;
  readonly nonLocalSelectionsLimitDisabled?: boolean;
  validateIncomingRequest(requestContext: GatewayGraphQLRequestContext, context: OperationContext): GraphQLError[];
}

const planSpanOptions = (operationName: string | null) =>
  operationName ? { attributes: { 'graphql.operation.name': operationName } } : {};

/** A planned operation, ready to execute. */
export interface PlannedOperation {
  readonly plan: QueryPlan;
  readonly operationContext: OperationContext;
  readonly supergraphSchema: GraphQLSchema;
  /** The gateway's data sources by subgraph name (replaced in place on a hot reload). */
  readonly services: Readonly<Record<string, { readonly dataSource: GraphQLDataSource }>>;
}

export type Planning = (requestContext: GatewayGraphQLRequestContext) => Promise<PlannedOperation | GraphQLError[]>;

/**
 * Apollo's planning of an operation, as ApolloGateway's executor does it before executing:
 * variables validated, the plan read from the gateway's plan cache (keyed like Apollo's) or
 * built by its planner and stored.
 */
export function gatewayPlanning(gateway: ApolloGateway): Planning {
  const parts = gateway as unknown as ApolloGatewayParts;
  if (typeof parts.validateIncomingRequest !== 'function' || typeof parts.queryPlanStore?.get !== 'function')
    throw new Error('this @apollo/gateway version does not have the parts our executor plans with');
  return async (requestContext) => {
    const { schema, apiSchema, queryPlanner, supergraphSchema } = parts;
    if (!schema || !apiSchema || !queryPlanner || !supergraphSchema) throw new Error('the supergraph is not loaded');
    const { request, document, queryHash } = requestContext;
    const operationContext = buildOperationContext({
      schema,
      operationDocument: document,
      operationName: request.operationName,
    });
    const errors = parts.validateIncomingRequest(requestContext, operationContext);
    if (errors.length > 0) return errors;
    const key = request.operationName
      ? createHash('sha256').update(queryHash).update(request.operationName).digest('hex')
      : queryHash;
    let plan = await parts.queryPlanStore.get(key);
    if (!plan) {
      // The span Apollo's executor opens for planning, under the same name.
      plan = await inSpan('gateway.plan', planSpanOptions(requestContext.operationName), async () => {
        const operation = operationFromDocument(apiSchema, document, { operationName: request.operationName });
        return queryPlanner.buildQueryPlan(operation, {
          recursiveSelectionsLimitDisabled: parts.recursiveSelectionsLimitDisabled ?? false,
          nonLocalSelectionsLimitDisabled: parts.nonLocalSelectionsLimitDisabled ?? false,
        });
      });
      await parts.queryPlanStore.set(key, plan);
    }
    return { plan, operationContext, supergraphSchema, services: parts.serviceMap };
  };
}
