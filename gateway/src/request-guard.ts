import {
  type ApolloServerPlugin,
  type GraphQLRequest,
  type HTTPGraphQLRequest,
  type HTTPGraphQLResponse,
} from '@apollo/server';
import { Kind, type DocumentNode, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import type { GatewayContext } from './context.js';
import type { Logger } from '@salesgraph/logging';
import { withinJsonSize, type DocumentLimits } from './limits/document-limits.js';
import { KnownDocuments } from './known-documents.js';
import type { CostModels } from './cost/cost-models.js';
import { RequestRefused, refuse, refusalResponse, tooComplex } from './request-refusal.js';
import type { PersistedOperations } from './persisted-operations/manifest.js';
import { resolvePersistedOperation } from './persisted-operations/resolve.js';
import { graphqlParameters, rewritten } from './graphql-parameters.js';

/** Variables nested deeper than this are refused (no input type of the graph comes close). */
export const MAX_VARIABLES_NESTING = 32;

/** Distinct document texts the guard keeps parsed. */
const DOCUMENTS_KEPT = 1000;

export interface RequestGuardOptions {
  readonly limits: DocumentLimits;
  /** The cost model of each schema (its `@cost`/`@listSize`; the static cost limit). */
  readonly costModels: CostModels;
  readonly maxVariablesBytes: number;
  readonly persistedOperations: PersistedOperations;
  /** Accept only documents of the manifest (by id, or whose text hashes to a manifest id). */
  readonly persistedOnly: boolean;
  /** `__schema`/`__type` are not measured; set when introspection is allowed at all. */
  readonly ignoreIntrospection: boolean;
  readonly logger: Logger;
  /** Told about every refused request, with a short reason (`depth`, `persisted_not_found`, ...). */
  readonly onRefused?: (reason: string) => void;
}

/** A document that passed the checks, with its requested cost (`estimateCost`). */
interface CheckedDocument {
  readonly document: DocumentNode;
  readonly cost: number;
}

/**
 * The gateway's checks of every GraphQL request (`GraphQLRequest` parameters, rewritten in
 * place), after authentication and before Apollo parses, validates and plans it: persisted operations are resolved, then the variables,
 * tokens, aliases, directives, depth and cost are measured, and the values given to our custom
 * scalars are checked with the subgraphs' own implementations. A refused request is answered
 * at once (QUERY_TOO_COMPLEX with `extensions.limit`, BAD_USER_INPUT with `extensions.field`,
 * BAD_REQUEST or PERSISTED_QUERY_NOT_FOUND) and never reaches validation, planning or a subgraph.
 */
function checkRequest(
  request: GraphQLRequest,
  schema: GraphQLSchema | undefined,
  options: RequestGuardOptions,
  documents: KnownDocuments,
): CheckedDocument | undefined {
  resolvePersistedOperation(request, options.persistedOperations, options.persistedOnly);
  if (
    request.variables !== undefined &&
    !withinJsonSize(request.variables, options.maxVariablesBytes, MAX_VARIABLES_NESTING)
  ) {
    throw refuse(
      'variables',
      'BAD_REQUEST',
      `The variables exceed ${options.maxVariablesBytes} bytes or ${MAX_VARIABLES_NESTING} levels`,
      413,
      {
        limit: 'variables',
        max: options.maxVariablesBytes,
      },
    );
  }
  if (typeof request.query !== 'string') return undefined;
  const known = documents.parse(request.query, options.limits.tokens);
  if (!known) return undefined;
  const { exceeded, cost } = documents.measure(known, options.limits, {
    costModel: schema && options.costModels.of(schema),
    variables: request.variables ?? {},
    operationName: request.operationName,
    ignoreIntrospection: options.ignoreIntrospection,
  });
  if (exceeded) throw tooComplex(exceeded.limit, exceeded.max);
  const badScalar = schema && documents.scalarProblem(known, schema, request.variables ?? {});
  if (badScalar) {
    const { field, message, variable } = badScalar;
    throw refuse('bad_scalar', 'BAD_USER_INPUT', `${field}: ${message}`, 400, {
      field,
      ...(variable ? { variable } : {}),
    });
  }
  return { document: known.document, cost };
}

/** Apollo Gateway cannot execute subscriptions; they are served by graphql-ws and SSE only. */
function refuseSubscriptionOverHttp(document: DocumentNode | undefined): void {
  const subscription = document?.definitions.some(
    (definition) => definition.kind === Kind.OPERATION_DEFINITION && definition.operation === 'subscription',
  );
  if (subscription) {
    throw refuse(
      'subscription_over_http',
      'BAD_REQUEST',
      'Subscriptions are served over graphql-ws, or over SSE (Accept: text/event-stream)',
      400,
    );
  }
}

/** A request that passed the guard, with its parsed document (undefined when Apollo will report a syntax error). */
export interface GuardedOperation {
  readonly document: DocumentNode | undefined;
  /** The requested cost of the operation (undefined when the document is left to Apollo: a syntax error). */
  readonly requestedCost?: number | undefined;
  readonly operationName: string | undefined;
  readonly variables: Record<string, unknown> | undefined;
  readonly extensions: Record<string, unknown> | undefined;
}

export type GuardDecision =
  | { readonly execute: HTTPGraphQLRequest; readonly operation?: GuardedOperation }
  | { readonly respond: HTTPGraphQLResponse };

export interface HttpGuardOptions extends RequestGuardOptions {
  /** The current API schema (cost needs list types and `first` defaults). */
  readonly schema: () => GraphQLSchema | undefined;
  /** The gateway's `formatError`, so refusals are masked and shaped like every other error. */
  readonly formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
}

/**
 * `checkRequest` at the HTTP level, for `GatewayApolloServer` to call once the caller is
 * authenticated and before Apollo parses anything: the request to execute (its persisted
 * operation resolved), or the response refusing it. Requests Apollo refuses by itself
 * (batches, unknown methods, malformed parameters) are passed through untouched.
 */
export function createHttpGuard(options: HttpGuardOptions, documents = new KnownDocuments(DOCUMENTS_KEPT)) {
  return function guard(request: HTTPGraphQLRequest): GuardDecision {
    const parameters = graphqlParameters(request);
    if (!parameters) return { execute: request };
    let checked: CheckedDocument | undefined;
    try {
      checked = checkRequest(parameters, options.schema(), options, documents);
      refuseSubscriptionOverHttp(checked?.document);
    } catch (error) {
      if (!(error instanceof RequestRefused)) throw error;
      options.onRefused?.(error.reason);
      options.logger.debug({ reason: error.reason }, 'request refused before planning');
      return { respond: refusalResponse(error, request, options.formatError) };
    }
    const { operationName, variables, extensions } = parameters;
    return {
      execute: rewritten(request, parameters),
      operation: { document: checked?.document, requestedCost: checked?.cost, operationName, variables, extensions },
    };
  };
}

export type HttpGuard = ReturnType<typeof createHttpGuard>;

/**
 * The gateway's request guard. `http` is what `GatewayApolloServer` calls for every HTTP
 * request. `check` (and `requestDidStart`, the same check in the shape of an Apollo plugin
 * hook) is for the other transports (graphql-ws, SSE): it rewrites `request` in place or
 * throws the refusal as a GraphQLError with its stable code. Do not register the guard as an
 * Apollo plugin: Apollo turns errors thrown from `requestDidStart` into 500s.
 */
export interface RequestGuard extends ApolloServerPlugin<GatewayContext> {
  readonly http: HttpGuard;
  check(request: GraphQLRequest, schema: GraphQLSchema | undefined): void;
}

export function requestGuard(options: HttpGuardOptions): RequestGuard {
  const documents = new KnownDocuments(DOCUMENTS_KEPT);
  function check(request: GraphQLRequest, schema: GraphQLSchema | undefined): void {
    try {
      checkRequest(request, schema, options, documents);
    } catch (error) {
      if (!(error instanceof RequestRefused)) throw error;
      options.onRefused?.(error.reason);
      throw error.error;
    }
  }
  return {
    http: createHttpGuard(options, documents),
    check,
    async requestDidStart({ request, schema }) {
      check(request, schema);
    },
  };
}
