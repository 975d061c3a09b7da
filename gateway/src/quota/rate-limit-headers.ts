import type { BucketState } from './quota-buckets.js';

/** Seconds a bucket takes to refill from empty: the policy's window (`w`). */
const windowSeconds = (state: BucketState) => Math.ceil(state.maximumAvailable / state.restoreRate);

/** Seconds until a bucket is full again (`t`). */
const secondsToFull = (state: BucketState) =>
  Math.ceil(Math.max(0, state.maximumAvailable - state.currentlyAvailable) / state.restoreRate);

/**
 * The IETF RateLimit fields (draft-ietf-httpapi-ratelimit-headers-09) for the buckets a request
 * drew from: `RateLimit-Policy` names each bucket with its quota (`q`) and the seconds it takes
 * to refill from empty (`w`); `RateLimit` what remains (`r`) and the seconds until it is full
 * (`t`). Example: `"user-points";q=2000;w=20` and `"user-points";r=1950;t=1`.
 */
export function rateLimitHeaders(states: readonly BucketState[]): [string, string][] {
  if (states.length === 0) return [];
  return [
    [
      'ratelimit-policy',
      states.map((state) => `"${state.name}";q=${state.maximumAvailable};w=${windowSeconds(state)}`).join(', '),
    ],
    [
      'ratelimit',
      states
        .map((state) => `"${state.name}";r=${Math.max(0, state.currentlyAvailable)};t=${secondsToFull(state)}`)
        .join(', '),
    ],
  ];
}
