import type { GraphQLFormattedError } from 'graphql';
import { errorCodes } from './codes.js';

const passThrough = new Set<string>(Object.keys(errorCodes));

/**
 * Apollo `formatError`: errors with a registered code keep their message and safe
 * extensions; anything else (driver, ORM, runtime) becomes INTERNAL_SERVER_ERROR.
 * Stack traces and exception details never leave the process.
 */
export function maskError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && passThrough.has(code) && code !== 'INTERNAL_SERVER_ERROR') {
    const { stacktrace: _stacktrace, exception: _exception, ...safe } = formatted.extensions ?? {};
    return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: safe };
  }
  return {
    message: 'Internal server error',
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}
