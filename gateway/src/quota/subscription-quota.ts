import type { GraphQLError } from 'graphql';
import type { Identity } from '@salesgraph/auth';
import { appError } from '@salesgraph/errors';
import type { DemandControl } from './demand-control.js';
import { quotaSubjectOf } from './http-quota.js';
import type { QuotaSubject } from './quota-policy.js';

/** One open subscription's hold on its caps, and where its deliveries are charged. */
export interface SubscriptionLease {
  /** `messages` were written to the subscriber: charged to its buckets (batched). */
  delivered(messages: number): void;
  /** The subscription ended: its place under the caps is free again. Runs once. */
  release(): void;
}

/** What the subscription engine asks of quotas (src/subscriptions: `SubscriptionEngineOptions.quota`). */
export interface SubscriptionQuota {
  /** A lease for a new subscription of `identity`, or the error refusing it (a cap is reached). */
  open(identity: Identity): SubscriptionLease | GraphQLError;
  /** Charges what is pending and stops charging. */
  close(): Promise<void>;
}

export interface SubscriptionQuotaOptions {
  readonly demand: DemandControl;
  /** Open subscriptions at once per caller (a client or a user), and per tenant, in this process. */
  readonly perCaller: number;
  readonly perTenant: number;
  /** Points each delivered message costs its subscriber's points buckets. */
  readonly pointsPerDelivery: number;
  /** How often the pending charges are sent (one bucket operation per subject, not per message). */
  readonly chargeEveryMs?: number;
}

const callerKey = (subject: QuotaSubject) =>
  `${subject.tenant}\n${subject.client !== undefined ? `client:${subject.client}` : `user:${subject.user}`}`;

/**
 * Caps and charges for subscriptions. A caller (client or user) may hold `perCaller` open
 * subscriptions and a tenant `perTenant`, counted in this gateway process (a subscription
 * lives on one instance's socket); more are refused with RATE_LIMITED. Each delivered message
 * costs `pointsPerDelivery` points, charged to the subscriber's points buckets whatever they
 * hold (the delivery already happened; a bucket in debt refuses the caller's next requests
 * until it refills), summed per subject and sent every `chargeEveryMs` (default 1 s).
 */
export function createSubscriptionQuota(options: SubscriptionQuotaOptions): SubscriptionQuota {
  const openByCaller = new Map<string, number>();
  const openByTenant = new Map<string, number>();
  const pending = new Map<string, { subject: QuotaSubject; points: number }>();
  const change = (counts: Map<string, number>, key: string, by: number) => {
    const next = (counts.get(key) ?? 0) + by;
    if (next > 0) counts.set(key, next);
    else counts.delete(key);
  };

  const flush = async () => {
    const charges = [...pending.values()];
    pending.clear();
    await Promise.all(charges.map(({ subject, points }) => options.demand.charge(subject, points)));
  };
  const timer = setInterval(() => void flush(), options.chargeEveryMs ?? 1000);
  timer.unref();

  return {
    open(identity) {
      const subject = quotaSubjectOf(identity);
      const caller = callerKey(subject);
      if ((openByCaller.get(caller) ?? 0) >= options.perCaller) {
        return appError(
          'RATE_LIMITED',
          `Too many open subscriptions: ${options.perCaller} at most per ${subject.client !== undefined ? 'client' : 'user'}`,
          { bucket: subject.client !== undefined ? 'client-subscriptions' : 'user-subscriptions' },
        );
      }
      if ((openByTenant.get(subject.tenant) ?? 0) >= options.perTenant) {
        return appError('RATE_LIMITED', `Too many open subscriptions: ${options.perTenant} at most per tenant`, {
          bucket: 'tenant-subscriptions',
        });
      }
      change(openByCaller, caller, 1);
      change(openByTenant, subject.tenant, 1);
      let released = false;
      return {
        delivered(messages) {
          const points = messages * options.pointsPerDelivery;
          if (points <= 0) return;
          const charge = pending.get(caller) ?? { subject, points: 0 };
          charge.points += points;
          pending.set(caller, charge);
        },
        release() {
          if (released) return;
          released = true;
          change(openByCaller, caller, -1);
          change(openByTenant, subject.tenant, -1);
        },
      };
    },
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}
