import type { Logger } from '@salesgraph/logging';

/** Network errors of a dependency that is not (yet) reachable. */
const unreachableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);
/** PostgreSQL: starting up / shutting down (57P03), too many connections (53300), connection failures (08xxx). */
const postgresTransient = /^(57P03|53300|08\d{3})$/;
/** kafkajs errors of a broker that is not there yet, still electing, or still loading. */
const kafkaTransientNames = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSBrokerNotFound',
  'KafkaJSRequestTimeoutError',
  'KafkaJSNumberOfRetriesExceeded',
  'KafkaJSGroupCoordinatorNotFound',
  'KafkaJSMetadataNotLoaded',
  'KafkaJSLockTimeout',
  // The platform has not created the topics yet (packages/kafka topic-policy.ts).
  'MissingTopicsError',
]);

/**
 * True for the errors of a dependency that is not ready yet — connection refused, a broker not
 * connected or not yet hosting a partition, a coordinator loading, a database starting up — as
 * opposed to a mistake (wrong password, bad SQL, invalid config) that waiting will not fix.
 * Follows `cause` and kafkajs's `originalError`.
 */
export function isTransientStartupError(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    if (typeof current !== 'object') return false;
    const candidate = current as { name?: string; code?: string; retriable?: boolean; message?: string };
    if (candidate.code && (unreachableCodes.has(candidate.code) || postgresTransient.test(candidate.code))) return true;
    if (candidate.name && kafkaTransientNames.has(candidate.name)) return true;
    if (candidate.name?.startsWith('KafkaJS') && candidate.retriable === true) return true;
    if (candidate.message === 'Broker not connected' || candidate.message === 'Connection terminated unexpectedly')
      return true;
    current =
      (current as { cause?: unknown; originalError?: unknown }).cause ??
      (current as { originalError?: unknown }).originalError;
  }
  return false;
}

export interface StartupWait {
  /**
   * Runs `attempt` until it succeeds. A transient error (isTransientStartupError) is "not ready
   * yet": logged, tried again after a backoff (250 ms doubling to 5 s) until the deadline; then,
   * or at once for any other error, it throws an error naming what it waited for.
   */
  until<T>(what: string, attempt: () => Promise<T>): Promise<T>;
}

/** One deadline shared by every step of a process's start (STARTUP_DEADLINE_MS). */
export function startupWait(options: {
  readonly deadlineMs: number;
  readonly logger: Logger;
  readonly now?: () => number;
}): StartupWait {
  const now = options.now ?? Date.now;
  const began = now();
  const deadline = began + options.deadlineMs;
  return {
    async until(what, attempt) {
      let delay = 250;
      for (let tries = 1; ; tries++) {
        try {
          return await attempt();
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          if (!isTransientStartupError(error)) throw error;
          if (now() + delay > deadline) {
            const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;
            throw new Error(
              `gave up waiting for ${what}: not reachable within STARTUP_DEADLINE_MS (${seconds(options.deadlineMs)}; ` +
                `${tries} tries over ${seconds(now() - began)}; last: ${reason})`,
              { cause: error },
            );
          }
          options.logger.warn({ dependency: what, tries, retryInMs: delay, reason }, `waiting for ${what}`);
          await new Promise((resolve) => setTimeout(resolve, delay));
          delay = Math.min(delay * 2, 5_000);
        }
      }
    },
  };
}
