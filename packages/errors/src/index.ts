export { ErrorCode, errorCodes, type ErrorCodeName } from './codes.js';
export { appError, badInput, isAppError } from './app-error.js';
export { correlationIdOf, maskError } from './mask.js';
