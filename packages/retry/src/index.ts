export {
  RetryableError,
  backoffDelay,
  defaultRetryPolicy,
  retryAfterMs,
  withRetry,
  type RetryOptions,
  type RetryPolicy,
} from './retry.js';
