import {
  GraphQLError,
  getOperationAST,
  parse,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValidationRule,
} from 'graphql';
import { appError } from '@salesgraph/errors';
import { isRecord } from '../json-record.js';

export interface OperationPayload {
  readonly query: string;
  readonly variables?: Readonly<Record<string, unknown>> | null;
  readonly operationName?: string | null;
  readonly extensions?: Readonly<Record<string, unknown>> | null;
}

/** The request as the gateway's request guard sees it; the guard may fill `query` from a persisted id. */
export interface GuardedRequest {
  query?: string;
  variables?: Record<string, unknown>;
  extensions?: Record<string, unknown>;
}

/** The gateway's checks before validation (limits, persisted operations); throws the GraphQLError to send. */
export type RequestCheck = (request: GuardedRequest, schema: GraphQLSchema) => Promise<void>;

export interface ParsedOperation {
  readonly document: DocumentNode;
  readonly operation: OperationDefinitionNode;
  readonly variables: Readonly<Record<string, unknown>>;
  /** The document text (filled from the manifest when the client sent a persisted id). */
  readonly query: string;
}

export const isErrorList = (value: unknown): value is readonly GraphQLError[] => Array.isArray(value);

/**
 * A client's {query, variables, operationName, extensions} -> a validated operation, or the
 * errors to send (stable codes). The same checks as an HTTP request: the request guard first
 * (persisted operations, limits), then parsing and validation against the API schema.
 */
export async function parseOperation(
  schema: GraphQLSchema,
  rules: readonly ValidationRule[],
  check: RequestCheck | undefined,
  payload: unknown,
): Promise<ParsedOperation | readonly GraphQLError[]> {
  if (!isRecord(payload)) return [appError('BAD_REQUEST', 'The request must be a JSON object')];
  const { query, variables, operationName, extensions } = payload;
  if (variables !== undefined && variables !== null && !isRecord(variables))
    return [appError('BAD_REQUEST', 'variables must be an object')];
  if (extensions !== undefined && extensions !== null && !isRecord(extensions))
    return [appError('BAD_REQUEST', 'extensions must be an object')];
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string')
    return [appError('BAD_REQUEST', 'operationName must be a string')];
  const request: GuardedRequest = {
    ...(typeof query === 'string' && query !== '' ? { query } : {}),
    ...(variables ? { variables } : {}),
    ...(extensions ? { extensions } : {}),
  };
  try {
    await check?.(request, schema);
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    const { http: _http, ...extensions } = error.extensions;
    return [new GraphQLError(error.message, { extensions })];
  }
  if (typeof request.query !== 'string' || request.query === '')
    return [appError('BAD_REQUEST', 'query must be a non-empty string')];
  let document: DocumentNode;
  try {
    document = parse(request.query, { noLocation: true, maxTokens: 10_000 });
  } catch (error) {
    return [appError('GRAPHQL_PARSE_FAILED', (error as GraphQLError).message)];
  }
  const invalid = validate(schema, document, rules, { maxErrors: 10 });
  if (invalid.length > 0) return invalid.map((error) => appError('GRAPHQL_VALIDATION_FAILED', error.message));
  const operation = getOperationAST(document, operationName ?? undefined);
  if (!operation)
    return [
      appError(
        'OPERATION_RESOLUTION_FAILURE',
        operationName ? `Unknown operation ${operationName}` : 'Name the operation to run',
      ),
    ];
  return { document, operation, variables: request.variables ?? {}, query: request.query };
}
