import { describeError, type Logger } from '@salesgraph/logging';
import type { GatewayConfig } from '../config.js';
import type { GatewayMetrics } from '../metrics.js';
import { createDemandControl, type DemandControl } from './demand-control.js';
import { createQuotaStore } from './quota-store.js';
import { quotaPolicy } from './quota-policy.js';
import { createSubscriptionQuota } from './subscription-quota.js';

/**
 * The gateway's quotas (gateway/README.md: Quotas), or none with QUOTAS_ENABLED off: the
 * buckets in Redis (shared by every instance), demand control over them, and the caps and
 * delivery charges of subscriptions.
 */
export function createGatewayQuotas(config: Readonly<GatewayConfig>, logger: Logger, metrics: GatewayMetrics) {
  const store = config.QUOTAS_ENABLED ? createQuotaStore(config) : undefined;
  const demand: DemandControl | undefined = store
    ? createDemandControl({
        buckets: store,
        policy: quotaPolicy(config),
        onStoreFailure: config.QUOTA_REDIS_FAILURE,
        logger: logger.child({ component: 'quota' }),
        onRejected: (bucket) => metrics.quotaRejected(bucket),
        onStoreError: () => metrics.quotaStoreFailure(),
      })
    : undefined;
  const subscriptions =
    demand &&
    createSubscriptionQuota({
      demand,
      perCaller: config.QUOTA_SUBSCRIPTIONS_PER_CALLER,
      perTenant: config.QUOTA_SUBSCRIPTIONS_PER_TENANT,
      pointsPerDelivery: config.QUOTA_SUBSCRIPTION_DELIVERY_POINTS,
    });
  return {
    demand,
    subscriptions,
    /** Waits a little for Redis at start; past that, QUOTA_REDIS_FAILURE decides. */
    async connected(): Promise<void> {
      await store
        ?.connected?.(5000)
        .catch((error: unknown) =>
          logger.warn(
            { error: describeError(error) },
            'Redis for quotas not reachable yet; QUOTA_REDIS_FAILURE applies',
          ),
        );
    },
    async close(): Promise<void> {
      await subscriptions?.close();
      await demand?.close();
    },
  };
}
