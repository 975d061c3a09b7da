import type { BucketDraw } from './quota-buckets.js';
import type { ClientQuotaOverride } from './quota-config.js';

/** Who a request is charged to: a third-party client or an internal user, and always its tenant. */
export interface QuotaSubject {
  readonly tenant: string;
  /** A client-credentials caller (public API): its client id. */
  readonly client?: string;
  /** An internal user (operator apps): the token's `sub`. Ignored when `client` is set. */
  readonly user?: string;
}

export interface PointsQuota {
  readonly points: number;
  readonly restorePerSecond: number;
}

export interface QuotaPolicy {
  readonly client: PointsQuota & { readonly requestsPerMinute: number };
  readonly user: PointsQuota & { readonly requestsPerHour: number };
  readonly tenant: PointsQuota;
  /** A client's own quota, field by field over `client`. */
  readonly clientOverrides: Readonly<Record<string, ClientQuotaOverride>>;
}

/** The part of the gateway configuration the policy reads (`quotaEnv`). */
export interface QuotaPolicyConfig {
  readonly QUOTA_CLIENT_POINTS: number;
  readonly QUOTA_CLIENT_RESTORE_PER_SECOND: number;
  readonly QUOTA_CLIENT_REQUESTS_PER_MINUTE: number;
  readonly QUOTA_USER_POINTS: number;
  readonly QUOTA_USER_RESTORE_PER_SECOND: number;
  readonly QUOTA_USER_REQUESTS_PER_HOUR: number;
  readonly QUOTA_TENANT_POINTS: number;
  readonly QUOTA_TENANT_RESTORE_PER_SECOND: number;
  readonly QUOTA_CLIENT_OVERRIDES: Readonly<Record<string, ClientQuotaOverride>>;
}

export function quotaPolicy(config: QuotaPolicyConfig): QuotaPolicy {
  return {
    client: {
      points: config.QUOTA_CLIENT_POINTS,
      restorePerSecond: config.QUOTA_CLIENT_RESTORE_PER_SECOND,
      requestsPerMinute: config.QUOTA_CLIENT_REQUESTS_PER_MINUTE,
    },
    user: {
      points: config.QUOTA_USER_POINTS,
      restorePerSecond: config.QUOTA_USER_RESTORE_PER_SECOND,
      requestsPerHour: config.QUOTA_USER_REQUESTS_PER_HOUR,
    },
    tenant: { points: config.QUOTA_TENANT_POINTS, restorePerSecond: config.QUOTA_TENANT_RESTORE_PER_SECOND },
    clientOverrides: config.QUOTA_CLIENT_OVERRIDES,
  };
}

/** Bucket names that hold points (the cost), as opposed to request counts. */
export const isPointsBucket = (draw: { readonly name: string }): boolean => draw.name.endsWith('-points');

/** A caller's two buckets: points (the cost) and requests (one each), the latter refilling `requests` per `perSeconds`. */
function callerDraws(
  key: string,
  kind: 'client' | 'user',
  quota: PointsQuota,
  requests: number,
  perSeconds: number,
  cost: number,
): BucketDraw[] {
  return [
    {
      name: `${kind}-points`,
      key: `${key}:points`,
      capacity: quota.points,
      restorePerSecond: quota.restorePerSecond,
      amount: cost,
    },
    {
      name: `${kind}-requests`,
      key: `${key}:requests`,
      capacity: requests,
      restorePerSecond: requests / perSeconds,
      amount: 1,
    },
  ];
}

/**
 * The buckets one request of `subject` draws from, `cost` points and one request each: the
 * client's points and requests (or the user's), then the tenant's points.
 */
export function quotaDraws(policy: QuotaPolicy, subject: QuotaSubject, cost: number): BucketDraw[] {
  let caller: BucketDraw[] = [];
  if (subject.client !== undefined) {
    const quota = { ...policy.client, ...policy.clientOverrides[subject.client] };
    caller = callerDraws(`client:${subject.client}`, 'client', quota, quota.requestsPerMinute, 60, cost);
  } else if (subject.user !== undefined) {
    caller = callerDraws(`user:${subject.user}`, 'user', policy.user, policy.user.requestsPerHour, 3600, cost);
  }
  const { tenant } = policy;
  return [
    ...caller,
    {
      name: 'tenant-points',
      key: 'tenant:points',
      capacity: tenant.points,
      restorePerSecond: tenant.restorePerSecond,
      amount: cost,
    },
  ];
}
