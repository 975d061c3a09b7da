import { randomBytes } from 'node:crypto';
import type { GraphQLFormattedError } from 'graphql';
import { errorCodes } from './codes.js';

const passThrough = new Set<string>(Object.keys(errorCodes));

/** A correlation id a subgraph already put on an internal error (16 hex characters), kept by the gateway. */
const correlationIdPattern = /^[0-9a-f]{16}$/;

/** The correlation id of a masked internal error (`extensions.correlationId`), or undefined. */
export function correlationIdOf(formatted: GraphQLFormattedError): string | undefined {
  const id = formatted.extensions?.['correlationId'];
  return typeof id === 'string' && correlationIdPattern.test(id) ? id : undefined;
}

/**
 * Apollo `formatError`: errors with a registered code keep their message and safe
 * extensions; anything else (driver, ORM, runtime) becomes INTERNAL_SERVER_ERROR with a
 * correlation id, in the message and in `extensions.correlationId`, that the caller logs with
 * the error (so the id finds the log lines). An internal error that already carries one (a
 * subgraph's, seen by the gateway) keeps it. Stack traces and exception details never leave
 * the process.
 */
export function maskError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && passThrough.has(code) && code !== 'INTERNAL_SERVER_ERROR') {
    const { stacktrace: _stacktrace, exception: _exception, ...safe } = formatted.extensions ?? {};
    return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: safe };
  }
  const correlationId =
    (code === 'INTERNAL_SERVER_ERROR' ? correlationIdOf(formatted) : undefined) ?? randomBytes(8).toString('hex');
  return {
    message: `Internal server error (correlation id ${correlationId})`,
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR', correlationId },
  };
}
