import { createMemoryBuckets } from './memory-buckets.js';
import type { QuotaBuckets } from './quota-buckets.js';
import { createRedisBuckets, type RedisBuckets } from './redis-buckets.js';

/** Redis when `REDIS_URL` is set (shared by every gateway instance), else this process's memory (the embedded start). */
export function createQuotaStore(config: {
  readonly REDIS_URL?: string | undefined;
  readonly QUOTA_REDIS_TIMEOUT_MS: number;
}): QuotaBuckets & { connected?: RedisBuckets['connected'] } {
  return config.REDIS_URL
    ? createRedisBuckets({ url: config.REDIS_URL, timeoutMs: config.QUOTA_REDIS_TIMEOUT_MS })
    : createMemoryBuckets();
}
