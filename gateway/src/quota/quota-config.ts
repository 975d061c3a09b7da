import { z } from 'zod';
import { flagSetting, jsonSetting } from '@salesgraph/config';

const positive = (fallback: number) => z.coerce.number().positive().default(fallback);

const clientQuotaSchema = z
  .object({
    points: z.number().positive().optional(),
    restorePerSecond: z.number().positive().optional(),
    requestsPerMinute: z.number().positive().optional(),
  })
  .strict();

export type ClientQuotaOverride = z.output<typeof clientQuotaSchema>;

/** `{"<client id>": {"points", "restorePerSecond", "requestsPerMinute"}}`: a client's own quota. */
const clientOverridesEnv = jsonSetting(
  '{}',
  'a JSON object of client id -> { points, restorePerSecond, requestsPerMinute }',
).pipe(z.record(z.string().min(1), clientQuotaSchema));

/**
 * The quota part of the gateway environment (spread into `gatewayEnv`; README: Quotas).
 * Defaults are the product's (DOMAIN.md, Public API): a third-party client 1,000 points
 * restoring 50/s and 100 requests a minute; an internal user 2,000 points restoring 100/s and
 * 1,000 requests an hour; a tenant, all its callers together, 20,000 points restoring 1,000/s.
 */
export const quotaEnv = {
  /** Defaults to on in production mode, off otherwise (tests and the embedded start turn it on when they want it). */
  QUOTAS_ENABLED: flagSetting.optional(),
  /** Where the buckets live, shared by every gateway instance; without it they are in this process's memory. */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .optional(),
  /** What a request gets when Redis does not answer: `open` (admitted, counted and logged) or `closed` (503). */
  QUOTA_REDIS_FAILURE: z.enum(['open', 'closed']).default('open'),
  /** How long a bucket operation may wait for Redis before the failure policy applies. */
  QUOTA_REDIS_TIMEOUT_MS: z.coerce.number().int().positive().default(250),
  QUOTA_CLIENT_POINTS: positive(1000),
  QUOTA_CLIENT_RESTORE_PER_SECOND: positive(50),
  QUOTA_CLIENT_REQUESTS_PER_MINUTE: positive(100),
  QUOTA_USER_POINTS: positive(2000),
  QUOTA_USER_RESTORE_PER_SECOND: positive(100),
  QUOTA_USER_REQUESTS_PER_HOUR: positive(1000),
  QUOTA_TENANT_POINTS: positive(20_000),
  QUOTA_TENANT_RESTORE_PER_SECOND: positive(1000),
  QUOTA_CLIENT_OVERRIDES: clientOverridesEnv,
  /** Open subscriptions at once, per client (or user) and per tenant. */
  QUOTA_SUBSCRIPTIONS_PER_CALLER: z.coerce.number().int().positive().default(50),
  QUOTA_SUBSCRIPTIONS_PER_TENANT: z.coerce.number().int().positive().default(2000),
  /** Points each delivered subscription message costs its subscriber's points buckets. */
  QUOTA_SUBSCRIPTION_DELIVERY_POINTS: z.coerce.number().min(0).default(1),
};
