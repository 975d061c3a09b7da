import {
  HeaderMap,
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
import { RequestRefused, refuse, tooComplex } from './request-refusal.js';
import { sha256Hex, type PersistedOperations } from './persisted-operations/manifest.js';

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

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** `sha256:<hex>` or a bare hex id (GraphQL over HTTP persisted documents) -> the manifest id. */
function idFromDocumentId(documentId: string): string {
  return documentId.startsWith('sha256:') ? documentId.slice('sha256:'.length) : documentId;
}

/**
 * Replaces a persisted-operation reference (`extensions.persistedQuery.sha256Hash`, or
 * `documentId`, which `GatewayApolloServer` moves into `extensions`) by the manifest's
 * document; nothing is ever registered. In persisted-only mode a document sent as text is
 * accepted only if its hash is in the manifest.
 */
function resolvePersistedOperation(
  request: GraphQLRequest,
  operations: PersistedOperations,
  persistedOnly: boolean,
): void {
  const { persistedQuery, documentId, ...otherExtensions } = request.extensions ?? {};
  if (persistedQuery === undefined && documentId === undefined) {
    if (persistedOnly && (request.query === undefined || operations.get(sha256Hex(request.query)) === undefined)) {
      throw refuse('persisted_only', 'PERSISTED_QUERY_NOT_FOUND', 'Only persisted operations are accepted', 400);
    }
    return;
  }
  let id: string;
  let status: number;
  if (documentId !== undefined) {
    if (typeof documentId !== 'string')
      throw refuse('persisted_malformed', 'BAD_REQUEST', 'documentId must be a string', 400);
    id = idFromDocumentId(documentId);
    status = 400;
  } else {
    if (
      !isRecord(persistedQuery) ||
      typeof persistedQuery['sha256Hash'] !== 'string' ||
      (persistedQuery['version'] ?? 1) !== 1
    ) {
      throw refuse(
        'persisted_malformed',
        'BAD_REQUEST',
        'extensions.persistedQuery must be { version: 1, sha256Hash }',
        400,
      );
    }
    id = persistedQuery['sha256Hash'];
    // Apollo's mobile clients read PERSISTED_QUERY_NOT_FOUND only from a 200 response.
    status = 200;
  }
  const document = operations.get(id);
  if (request.query !== undefined) {
    if (sha256Hex(request.query) !== id)
      throw refuse(
        'persisted_mismatch',
        'BAD_REQUEST',
        'The persisted operation id is not the hash of the document sent',
        400,
      );
    if (document === undefined && persistedOnly)
      throw refuse('persisted_only', 'PERSISTED_QUERY_NOT_FOUND', 'Only persisted operations are accepted', 400);
  } else {
    if (document === undefined)
      throw refuse('persisted_not_found', 'PERSISTED_QUERY_NOT_FOUND', 'PersistedQueryNotFound', status);
    request.query = document;
  }
  request.extensions = otherExtensions;
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
): DocumentNode | undefined {
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
  const exceeded = documents.exceeded(known, options.limits, {
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
  return known.document;
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

const isRecordValue = (value: unknown): value is Record<string, unknown> => isRecord(value);

/** The GraphQL parameters of an HTTP request, or undefined when Apollo should judge it alone. */
function graphqlParameters(request: HTTPGraphQLRequest): GraphQLRequest | undefined {
  if (request.method === 'POST') {
    if (!isRecordValue(request.body)) return undefined; // batches, wrong content types: Apollo refuses them
    const { query, variables, extensions, operationName } = request.body;
    if (
      (query !== undefined && typeof query !== 'string') ||
      (variables != null && !isRecordValue(variables)) ||
      (extensions != null && !isRecordValue(extensions))
    ) {
      return undefined;
    }
    return {
      query,
      variables: variables ?? undefined,
      extensions: extensions ?? undefined,
      operationName: typeof operationName === 'string' ? operationName : undefined,
    };
  }
  if (request.method === 'GET') {
    const search = new URLSearchParams(request.search);
    try {
      const variables = JSON.parse(search.get('variables') ?? 'null') as unknown;
      const extensions = JSON.parse(search.get('extensions') ?? 'null') as unknown;
      if ((variables !== null && !isRecordValue(variables)) || (extensions !== null && !isRecordValue(extensions)))
        return undefined;
      return {
        query: search.get('query') ?? undefined,
        variables: variables ?? undefined,
        extensions: extensions ?? undefined,
        operationName: search.get('operationName') ?? undefined,
      };
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** The request with the (persisted-operation resolved) document and extensions written back. */
export function rewritten(request: HTTPGraphQLRequest, parameters: GraphQLRequest): HTTPGraphQLRequest {
  const hasExtensions = parameters.extensions !== undefined && Object.keys(parameters.extensions).length > 0;
  if (request.method === 'POST' && isRecordValue(request.body)) {
    const { query: _query, extensions: _extensions, ...body } = request.body;
    return {
      ...request,
      body: {
        ...body,
        ...(parameters.query !== undefined ? { query: parameters.query } : {}),
        ...(hasExtensions ? { extensions: parameters.extensions } : {}),
      },
    };
  }
  const search = new URLSearchParams(request.search);
  if (parameters.query !== undefined) search.set('query', parameters.query);
  if (hasExtensions) search.set('extensions', JSON.stringify(parameters.extensions));
  else search.delete('extensions');
  return { ...request, search: `?${search.toString()}` };
}

/** A request that passed the guard, with its parsed document (undefined when Apollo will report a syntax error). */
export interface GuardedOperation {
  readonly document: DocumentNode | undefined;
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
    let document: DocumentNode | undefined;
    try {
      document = checkRequest(parameters, options.schema(), options, documents);
      refuseSubscriptionOverHttp(document);
    } catch (error) {
      if (!(error instanceof RequestRefused)) throw error;
      options.onRefused?.(error.reason);
      options.logger.debug({ reason: error.reason }, 'request refused before planning');
      const { http, ...extensions } = error.error.extensions as { http: { status: number; headers: HeaderMap } };
      const formatted = options.formatError({ message: error.error.message, extensions }, error.error);
      const accept = request.headers.get('accept') ?? '';
      const headers = new HeaderMap(http.headers);
      headers.set(
        'content-type',
        accept.includes('application/graphql-response+json')
          ? 'application/graphql-response+json; charset=utf-8'
          : 'application/json; charset=utf-8',
      );
      return {
        respond: {
          status: http.status,
          headers,
          body: { kind: 'complete', string: JSON.stringify({ errors: [formatted] }) },
        },
      };
    }
    const { operationName, variables, extensions } = parameters;
    return { execute: rewritten(request, parameters), operation: { document, operationName, variables, extensions } };
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
