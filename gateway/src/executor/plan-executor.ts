import type { ApolloGateway } from '@apollo/gateway';
import type { QueryPlan } from '@apollo/query-planner';
import type { GatewayExecutor, GatewayGraphQLRequestContext, GatewayInterface } from '@apollo/server-gateway-interface';
import { GraphQLError } from 'graphql';
import { inSpan } from '@salesgraph/telemetry';
import type { PlanRun } from './fetch.js';
import type { JsonObject } from './merge.js';
import { compileOperation, conditionKey, introspect, type OperationProgram } from './operation-program.js';
import { runNode } from './plan-program.js';
import { gatewayPlanning, type PlannedOperation } from './planning.js';
import { RenderedData } from './rendered-data.js';
import { ResponseWriter } from './response-writer.js';

function asGraphQLError(error: unknown): GraphQLError {
  if (error instanceof GraphQLError) return error;
  if (error instanceof Error) return new GraphQLError(error.message, { originalError: error });
  return new GraphQLError('Unexpected error during query plan execution');
}

/**
 * Our executor of Apollo's query plans (README: Executor). ApolloGateway keeps the supergraph,
 * hot reload, the planner and its plan cache; each (plan, operation) compiles once into an
 * OperationProgram, the plan's fetches go through the gateway's own data sources (the same
 * SubgraphDataSource as Apollo's executor), and the response's `data` is written as JSON
 * text. Requests over HTTP carry it as RenderedData to `stringifyResult`; other callers
 * (subscription loads, graphql-ws queries) get the object.
 */
export function createPlanExecutor(gateway: ApolloGateway): GatewayExecutor {
  const planning = gatewayPlanning(gateway);
  const programs = new WeakMap<QueryPlan, OperationProgram>();
  const programOf = ({ plan, operationContext }: PlannedOperation): OperationProgram => {
    let program = programs.get(plan);
    if (!program) {
      const { schema, operation, fragments } = operationContext;
      program = compileOperation(plan, schema, operation, fragments);
      programs.set(plan, program);
    }
    return program;
  };

  return async (requestContext: GatewayGraphQLRequestContext) => {
    const planned = await planning(requestContext);
    if (Array.isArray(planned)) return { errors: planned };
    // The span Apollo's executor opens for executing a plan, under the same name.
    return inSpan('gateway.execute', {}, () => execute(requestContext, planned));
  };

  async function execute(requestContext: GatewayGraphQLRequestContext, planned: PlannedOperation) {
    const program = programOf(planned);
    const requestVariables = requestContext.request.variables ?? {};
    const variables = program.defaults ? { ...program.defaults, ...requestVariables } : requestVariables;
    const run: PlanRun = {
      requestContext,
      services: planned.services,
      supergraphSchema: planned.supergraphSchema,
      variables: requestVariables,
      data: {},
      errors: [],
    };
    if (program.plan) {
      const condition = (name: string): boolean => {
        const value = variables[name];
        if (typeof value !== 'boolean') throw new Error(`Invalid non-boolean value for Boolean! variable $${name}`);
        return value;
      };
      await runNode(run, program.plan, { path: [], data: run.data }, condition);
    }
    const writer = new ResponseWriter({
      schema: program.schema,
      conditionKey: conditionKey(program, variables),
      variables,
      isComposite: program.isComposite,
      introspect: (field) => introspect(program, field, requestVariables),
    });
    let json: string;
    try {
      json = writer.write(program.root, run.data);
    } catch (error) {
      return { errors: [asGraphQLError(error)] };
    }
    // A nulled root stays a plain null, which later stages look for (complete-response.ts).
    const data =
      json === 'null'
        ? null
        : ((requestContext.request.http
            ? new RenderedData(json, run.errors.length === 0 && writer.errors.length === 0 ? run.data : undefined)
            : JSON.parse(json)) as Record<string, unknown>);
    if (run.errors.length > 0) return { errors: run.errors as GraphQLError[], data };
    if (writer.errors.length > 0) return { data, extensions: { valueCompletion: writer.errors } };
    return { data };
  }
}

/** `gateway` whose loaded executor is ours (`createPlanExecutor`); loading and hot reload stay Apollo's. */
export function withPlanExecutor(gateway: ApolloGateway): GatewayInterface {
  const executor = createPlanExecutor(gateway);
  return {
    onSchemaLoadOrUpdate: (callback) => gateway.onSchemaLoadOrUpdate(callback),
    stop: () => gateway.stop(),
    async load(options) {
      const loaded = await gateway.load(options);
      return { ...loaded, executor };
    },
  };
}
