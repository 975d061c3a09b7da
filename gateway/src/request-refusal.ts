import { HeaderMap } from '@apollo/server';
import type { GraphQLError } from 'graphql';
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
