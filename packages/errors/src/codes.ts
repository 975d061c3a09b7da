/**
 * Every `extensions.code` a client can see, defined once with what it means.
 * Expected business outcomes are NOT here: they are result types in the schema.
 */
export const errorCodes = {
  UNAUTHENTICATED: 'No valid identity: the token is missing, expired, or not issued by a trusted issuer.',
  FORBIDDEN: 'The caller is authenticated but may not perform this operation or see this data.',
  BAD_USER_INPUT: 'An argument is invalid; `extensions.field` names it.',
  NOT_FOUND: "The requested entity does not exist in the caller's tenant.",
  IDEMPOTENCY_KEY_REUSED:
    'The Idempotency-Key was already used by this caller for a different request (operation or input); a new request needs a new key.',
  STALE_VERSION: 'The entity changed since the client read it; re-read and retry with the new version.',
  GRAPHQL_PARSE_FAILED: 'The document is not valid GraphQL syntax.',
  GRAPHQL_VALIDATION_FAILED: 'The document does not validate against the schema.',
  QUERY_TOO_COMPLEX: 'The document exceeds a depth, alias, directive, token or cost limit.',
  BAD_REQUEST: 'The HTTP request is malformed (method, content type, body or a CSRF-unsafe request).',
  OPERATION_RESOLUTION_FAILURE: 'The operation name does not match an operation in the document.',
  PERSISTED_QUERY_NOT_FOUND: 'The persisted operation id is unknown.',
  RATE_LIMITED: 'The caller sent too many requests; retry later.',
  SUBGRAPH_UNAVAILABLE: 'A part of the graph is temporarily unavailable; other fields were still resolved.',
  INTERNAL_SERVER_ERROR: 'An unexpected error happened; it was logged with a correlation id.',
} as const;

export type ErrorCodeName = keyof typeof errorCodes;

export const ErrorCode = Object.fromEntries(Object.keys(errorCodes).map((code) => [code, code])) as {
  readonly [K in ErrorCodeName]: K;
};
