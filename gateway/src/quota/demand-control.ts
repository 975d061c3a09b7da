import { describeError, type Logger } from '@salesgraph/logging';
import { refuse, type RequestRefused } from '../request-refusal.js';
import type { BucketDraw, BucketState, QuotaBuckets } from './quota-buckets.js';
import { isPointsBucket, quotaDraws, type QuotaPolicy, type QuotaSubject } from './quota-policy.js';
import { rateLimitHeaders } from './rate-limit-headers.js';

/** What one admitted request drew, to settle once its actual cost is known. */
export interface DemandTicket {
  readonly subject: QuotaSubject;
  readonly draws: readonly BucketDraw[];
  readonly requestedCost: number;
  /** The buckets right after admission; empty when admitted unmetered (the quota store was down). */
  readonly buckets: readonly BucketState[];
}

/** Shopify's `extensions.cost`. */
export interface CostExtension {
  readonly requestedQueryCost: number;
  readonly actualQueryCost: number | null;
  /** The caller's points bucket (the client's or user's; the tenant's when there is no caller). */
  readonly throttleStatus: BucketState | null;
}

export type DemandDecision =
  | { readonly ticket: DemandTicket }
  | { readonly refused: RequestRefused; readonly cost: CostExtension };

export interface DemandControlOptions {
  readonly buckets: QuotaBuckets;
  readonly policy: QuotaPolicy;
  /** When the bucket store fails: `open` admits unmetered, `closed` refuses with 503. */
  readonly onStoreFailure: 'open' | 'closed';
  readonly logger: Logger;
  /** Told about every request refused by a bucket (its name): a counter hook for metrics. */
  readonly onRejected?: (bucket: string) => void;
  /** Told about every bucket operation that failed (the store was down or slow). */
  readonly onStoreError?: () => void;
}

export interface DemandControl {
  /** Before execution: draws the requested cost from every bucket of the subject, or refuses. */
  admit(subject: QuotaSubject, requestedCost: number): Promise<DemandDecision>;
  /**
   * After execution: gives back to the points buckets what the request did not use
   * (requested - actual), without waiting for the store; returns the buckets as they are then.
   */
  settle(ticket: DemandTicket, actualCost: number): readonly BucketState[];
  /** Charges points already spent (a subscription delivery), whatever the buckets hold. */
  charge(subject: QuotaSubject, cost: number): Promise<void>;
  /** The caller's points bucket of a set of bucket states (Shopify's throttleStatus). */
  throttleStatus(buckets: readonly BucketState[]): BucketState | null;
  close(): Promise<void>;
}

const throttleStatus = (buckets: readonly BucketState[]) =>
  buckets.find((bucket) => isPointsBucket(bucket) && !bucket.name.startsWith('tenant')) ??
  buckets.find(isPointsBucket) ??
  null;

/**
 * Quotas at the front door (Shopify's calculated-cost leaky bucket): each request is admitted
 * on its requested cost against the buckets of its client or user and its tenant, all or
 * nothing in one store round trip; what it did not use is given back once its actual cost is
 * known. A refusal is 429 RATE_LIMITED naming the bucket, with Retry-After and the RateLimit
 * fields; nothing reaches a subgraph. A request costing more than a bucket can ever hold is
 * 400 QUERY_TOO_COMPLEX. When the store fails, `onStoreFailure` decides (README: Quotas).
 */
export function createDemandControl(options: DemandControlOptions): DemandControl {
  const { buckets, policy, logger } = options;
  let storeDown = false;

  function storeFailed(error: unknown, operation: string): void {
    options.onStoreError?.();
    if (storeDown) return;
    storeDown = true;
    logger.error(
      { error: describeError(error), operation, policy: options.onStoreFailure },
      options.onStoreFailure === 'open'
        ? 'quota store unavailable: requests are admitted unmetered'
        : 'quota store unavailable: requests are refused',
    );
  }
  function storeAnswered(): void {
    if (!storeDown) return;
    storeDown = false;
    logger.info('quota store available again');
  }

  return {
    async admit(subject, requestedCost) {
      const draws = quotaDraws(policy, subject, requestedCost);
      const cost = (states: readonly BucketState[]): CostExtension => ({
        requestedQueryCost: requestedCost,
        actualQueryCost: null,
        throttleStatus: throttleStatus(states),
      });
      const tooBig = draws.find((draw) => isPointsBucket(draw) && draw.amount > draw.capacity);
      if (tooBig) {
        return {
          refused: refuse(
            'quota_capacity',
            'QUERY_TOO_COMPLEX',
            `The operation costs ${requestedCost} points, more than the ${tooBig.name} bucket ever holds (${tooBig.capacity})`,
            400,
            { limit: tooBig.name, max: tooBig.capacity },
          ),
          cost: cost([]),
        };
      }
      let admission;
      try {
        admission = await buckets.admit(subject.tenant, draws);
        storeAnswered();
      } catch (error) {
        storeFailed(error, 'admit');
        if (options.onStoreFailure === 'open') return { ticket: { subject, draws, requestedCost, buckets: [] } };
        return {
          refused: refuse('quota_store', 'INTERNAL_SERVER_ERROR', 'Quotas cannot be checked right now', 503, {}, [
            ['retry-after', '1'],
          ]),
          cost: cost([]),
        };
      }
      if (admission.admitted) return { ticket: { subject, draws, requestedCost, buckets: admission.buckets } };
      const { refusedBy, retryAfterSeconds } = admission;
      options.onRejected?.(refusedBy.name);
      const asked = draws.find((draw) => draw.name === refusedBy.name)?.amount ?? requestedCost;
      return {
        refused: refuse(
          `rate_limited`,
          'RATE_LIMITED',
          `Rate limited by the ${refusedBy.name} bucket: it holds ${Math.max(0, refusedBy.currentlyAvailable)} of the ${asked} this request needs (at most ${refusedBy.maximumAvailable}, refilling ${refusedBy.restoreRate} per second); retry in ${retryAfterSeconds} s`,
          429,
          { bucket: refusedBy.name, retryAfterSeconds },
          [['retry-after', String(retryAfterSeconds)], ...rateLimitHeaders(admission.buckets)],
        ),
        cost: cost(admission.buckets),
      };
    },

    settle(ticket, actualCost) {
      const unused = Math.max(0, ticket.requestedCost - actualCost);
      if (ticket.buckets.length === 0 || unused === 0) return ticket.buckets;
      const refunds = ticket.draws.filter(isPointsBucket).map((draw) => ({ ...draw, amount: unused }));
      buckets
        .refund(ticket.subject.tenant, refunds)
        .then(storeAnswered, (error: unknown) => storeFailed(error, 'refund'));
      return ticket.buckets.map((bucket) =>
        isPointsBucket(bucket)
          ? { ...bucket, currentlyAvailable: Math.min(bucket.maximumAvailable, bucket.currentlyAvailable + unused) }
          : bucket,
      );
    },

    async charge(subject, cost) {
      const draws = quotaDraws(policy, subject, cost).filter(isPointsBucket);
      try {
        await buckets.charge(subject.tenant, draws);
        storeAnswered();
      } catch (error) {
        storeFailed(error, 'charge');
      }
    },

    throttleStatus,

    close: () => buckets.close(),
  };
}
