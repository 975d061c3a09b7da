/**
 * Leaky buckets of points (Shopify's calculated-cost model): a bucket holds up to `capacity`,
 * refills at `restorePerSecond`, and a request is admitted when every bucket it draws from
 * holds what it asks. One interface, two implementations with the same rules: Redis (shared by
 * gateway instances, `createRedisBuckets`) and memory (one process, `createMemoryBuckets`).
 */

/** One bucket a request draws from, and how much. */
export interface BucketDraw {
  /** The policy name clients see (headers, errors): `client-points`, `user-requests`, `tenant-points`. */
  readonly name: string;
  /** Storage key, unique per bucket (kind, id, unit) within its tenant. */
  readonly key: string;
  readonly capacity: number;
  readonly restorePerSecond: number;
  /** Points (the requested cost) or 1 for a request-count bucket. */
  readonly amount: number;
}

/** A bucket after an operation: Shopify's `throttleStatus` per bucket. */
export interface BucketState {
  readonly name: string;
  readonly maximumAvailable: number;
  readonly currentlyAvailable: number;
  readonly restoreRate: number;
}

export type Admission =
  | { readonly admitted: true; readonly buckets: readonly BucketState[] }
  | {
      readonly admitted: false;
      readonly buckets: readonly BucketState[];
      /** The first bucket without enough. */
      readonly refusedBy: BucketState;
      /** Seconds until it holds what was asked (at least 1). */
      readonly retryAfterSeconds: number;
    };

export interface QuotaBuckets {
  /** All or nothing, in one step: every bucket holds its draw's amount -> all are drawn; else none. */
  admit(tenant: string, draws: readonly BucketDraw[]): Promise<Admission>;
  /** Gives `amount` back to each bucket (capped at its capacity): the requested cost not used. */
  refund(tenant: string, draws: readonly BucketDraw[]): Promise<readonly BucketState[]>;
  /** Takes `amount` whatever the buckets hold (down to minus their capacity): charges already incurred. */
  charge(tenant: string, draws: readonly BucketDraw[]): Promise<readonly BucketState[]>;
  close(): Promise<void>;
}

/** What a bucket holds `elapsedMs` after it held `available`. */
export function refilled(available: number, elapsedMs: number, draw: BucketDraw): number {
  return Math.min(draw.capacity, available + (Math.max(0, elapsedMs) * draw.restorePerSecond) / 1000);
}

export function stateOf(draw: BucketDraw, available: number): BucketState {
  return {
    name: draw.name,
    maximumAvailable: draw.capacity,
    currentlyAvailable: Math.floor(available),
    restoreRate: draw.restorePerSecond,
  };
}

/**
 * The admission decided from what each bucket holds (both implementations end here): when
 * refused, the bucket named is the one that takes longest to hold its draw, and
 * `retryAfterSeconds` is that wait.
 */
export function decide(draws: readonly BucketDraw[], available: readonly number[], refused: boolean): Admission {
  const buckets = draws.map((draw, index) => stateOf(draw, available[index]!));
  if (!refused) return { admitted: true, buckets };
  let longest = -1;
  let wait = 0;
  draws.forEach((draw, index) => {
    const missing = draw.amount - available[index]!;
    const seconds = missing > 0 ? missing / draw.restorePerSecond : 0;
    if (missing > 0 && seconds >= wait) [longest, wait] = [index, seconds];
  });
  return {
    admitted: false,
    buckets,
    refusedBy: buckets[Math.max(0, longest)]!,
    retryAfterSeconds: Math.max(1, Math.ceil(wait)),
  };
}
