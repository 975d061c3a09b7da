import { HeaderMap, type HTTPGraphQLRequest, type HTTPGraphQLResponse } from '@apollo/server';
import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import { appError, type ErrorCodeName } from '@salesgraph/errors';

/** A request answered before planning: the reason (for metrics and logs) and the error to send. */
export class RequestRefused extends Error {
  override readonly name = 'RequestRefused';
  constructor(
    readonly reason: string,
    readonly error: GraphQLError,
  ) {
    super(reason);
  }
}

/** A refusal with its code, safe message, HTTP status and extra headers (`extensions.http`). */
export function refuse(
  reason: string,
  code: ErrorCodeName,
  message: string,
  status: number,
  extensions: Record<string, unknown> = {},
  headers: readonly [string, string][] = [],
): RequestRefused {
  const headerMap = new HeaderMap(
    code === 'PERSISTED_QUERY_NOT_FOUND' ? [['cache-control', 'private, no-cache, must-revalidate']] : headers,
  );
  return new RequestRefused(reason, appError(code, message, { ...extensions, http: { status, headers: headerMap } }));
}

export function tooComplex(limit: string, max: number): RequestRefused {
  return refuse(limit, 'QUERY_TOO_COMPLEX', `The document exceeds the ${limit} limit (${max})`, 400, { limit, max });
}

export type FormatError = (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;

/**
 * The HTTP response of a refusal: its status and headers, the error through the gateway's
 * `formatError` (masked and shaped like every other error), the media type the client accepts,
 * and `extensions` for the response (`extensions.cost` of a rate-limited request).
 */
export function refusalResponse(
  refused: RequestRefused,
  request: HTTPGraphQLRequest,
  formatError: FormatError,
  extensions?: Record<string, unknown>,
): HTTPGraphQLResponse {
  const { http, ...errorExtensions } = refused.error.extensions as { http: { status: number; headers: HeaderMap } };
  const formatted = formatError({ message: refused.error.message, extensions: errorExtensions }, refused.error);
  const accept = request.headers.get('accept') ?? '';
  const headers = new HeaderMap(http.headers);
  headers.set(
    'content-type',
    accept.includes('application/graphql-response+json')
      ? 'application/graphql-response+json; charset=utf-8'
      : 'application/json; charset=utf-8',
  );
  const body = { errors: [formatted], ...(extensions ? { extensions } : {}) };
  return { status: http.status, headers, body: { kind: 'complete', string: JSON.stringify(body) } };
}
