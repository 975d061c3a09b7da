import { createRequire } from 'node:module';

/**
 * kafkajs 2.2.4 (its last release) keeps a 1 ms timer running on every broker connection for as
 * long as the connection lives: after each check of the pending requests it schedules the next
 * check at `throttledUntil - now`, which is negative when nothing is throttled, and Node turns a
 * negative delay into 1 ms (and prints a TimeoutNegativeWarning). Measured here: an idle producer
 * fired about 1,800 timers a second and used 4% of a core; each idle subgraph process 4-5%.
 * Upstream: tulios/kafkajs#1704 and #1751, fixes proposed and never released.
 *
 * `installRequestQueueTimerFix` replaces that one method with one that keeps kafkajs's rules —
 * a throttled queue is checked when the throttle ends, waiting requests every 10 ms — and
 * schedules nothing when no request waits and nothing is throttled (a request that arrives later
 * is sent at once, or waits and schedules its own check). Applied only to the version it was
 * written against; any other version is left alone and `requestQueueTimerFixed()` says so.
 */

/** The fields of kafkajs's RequestQueue the replacement reads and writes. */
export interface RequestQueueTimerState {
  throttledUntil: number;
  pending: unknown[];
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  checkPendingRequests(): void;
}

/** kafkajs's CHECK_PENDING_REQUESTS_INTERVAL: how often waiting requests are looked at. */
const CHECK_PENDING_MS = 10;
const FIXED_VERSION = '2.2.4';

export function scheduleCheckPendingRequests(this: RequestQueueTimerState, now: number = Date.now()): void {
  if (this.throttleCheckTimeoutId) return;
  const throttledFor = this.throttledUntil - now;
  if (this.pending.length === 0 && throttledFor <= 0) return;
  this.throttleCheckTimeoutId = setTimeout(
    () => {
      this.throttleCheckTimeoutId = null;
      this.checkPendingRequests();
    },
    throttledFor > 0 ? throttledFor : CHECK_PENDING_MS,
  );
}

let fixed = false;

/** Installs the replacement once per process (kafkajs-bus.ts does, before any client exists). */
export function installRequestQueueTimerFix(): void {
  if (fixed) return;
  const require = createRequire(import.meta.url);
  const { version } = require('kafkajs/package.json') as { version: string };
  if (version !== FIXED_VERSION) return;
  const RequestQueue = require('kafkajs/src/network/requestQueue/index.js') as {
    prototype: { scheduleCheckPendingRequests: typeof scheduleCheckPendingRequests };
  };
  // kafkajs calls it without arguments: `now` is the current time.
  RequestQueue.prototype.scheduleCheckPendingRequests = scheduleCheckPendingRequests;
  fixed = true;
}

/** True once the replacement is in place. */
export const requestQueueTimerFixed = (): boolean => fixed;
