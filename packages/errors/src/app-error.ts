import { GraphQLError } from 'graphql';
import { errorCodes, type ErrorCodeName } from './codes.js';

/** A GraphQLError whose message is safe to show and whose code is in the registry. */
export function appError(code: ErrorCodeName, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code } });
}

export function isAppError(error: unknown): error is GraphQLError {
  const code = (error as GraphQLError | undefined)?.extensions?.code;
  return error instanceof GraphQLError && typeof code === 'string' && code in errorCodes;
}

/** Input validation failure naming the offending field (`extensions.field`). */
export function badInput(field: string, message: string): GraphQLError {
  return appError('BAD_USER_INPUT', `${field}: ${message}`, { field });
}
