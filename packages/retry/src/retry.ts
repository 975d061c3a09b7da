/** A failure worth trying again (a 429, a 5xx, a refused connection), optionally with the server's own wait. */
export class RetryableError extends Error {
  constructor(
    message: string,
    /** The wait the server asked for (Retry-After), in milliseconds. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'RetryableError';
  }
}

export interface RetryPolicy {
  /** Tries in all, the first included (>= 1). */
  readonly attempts: number;
  /** The wait before the second try; doubled before each later one. */
  readonly baseDelayMs: number;
  /** No wait is longer than this, whatever the server asked for. */
  readonly maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { attempts: 5, baseDelayMs: 200, maxDelayMs: 10_000 };

/** Exponential backoff with full jitter; the server's Retry-After wins when it asked for longer. */
export function backoffDelay(policy: RetryPolicy, failedAttempt: number, retryAfterMs?: number): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failedAttempt - 1));
  const jittered = exponential / 2 + Math.random() * (exponential / 2);
  return Math.min(policy.maxDelayMs, Math.max(jittered, retryAfterMs ?? 0));
}

export interface RetryOptions {
  readonly policy?: RetryPolicy;
  /** Told of every failure that will be tried again (for logs and metrics). */
  readonly onRetry?: (error: RetryableError, attempt: number, delayMs: number) => void;
  readonly signal?: AbortSignal;
}

/**
 * Runs `work` until it succeeds, throws something other than a RetryableError, or the
 * policy's attempts are spent (the last RetryableError is thrown then).
 */
export async function withRetry<T>(work: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const policy = options.policy ?? defaultRetryPolicy;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work(attempt);
    } catch (error) {
      if (!(error instanceof RetryableError) || attempt >= policy.attempts) throw error;
      const delay = backoffDelay(policy, attempt, error.retryAfterMs);
      options.onRetry?.(error, attempt, delay);
      await waitFor(delay, options.signal);
    }
  }
}

function waitFor(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason as Error);
      },
      { once: true },
    );
  });
}

/** Seconds (or an HTTP date) from a Retry-After header, in milliseconds. */
export function retryAfterMs(header: string | null | undefined): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
