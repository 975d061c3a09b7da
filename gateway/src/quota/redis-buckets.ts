import { Redis } from 'ioredis';
import { decide, stateOf, type BucketDraw, type QuotaBuckets } from './quota-buckets.js';

/**
 * One script for every bucket operation, so each is one round trip and atomic across gateway
 * instances: it reads every bucket of the request, refills it from the time elapsed (Redis's
 * own clock, so instances' clocks do not matter), then admits all or none (`admit`), gives
 * back (`refund`) or takes regardless (`charge`). A bucket is a hash {a: available, t: ms}
 * that expires once it would be full again (absent = full). Our own script rather than
 * rate-limiter-flexible: that library's limiters take one key per call and cannot draw from
 * three buckets all-or-nothing in one step, nor refund the unused part of a variable cost.
 * KEYS: the buckets; ARGV: mode, then capacity, restore per ms and amount per bucket.
 * Returns: [index of the refusing bucket (0: none), available of each bucket as strings].
 */
const BUCKETS_SCRIPT = `
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local mode = ARGV[1]
local available = {}
for i = 1, #KEYS do
  local capacity = tonumber(ARGV[i * 3 - 1])
  local rate = tonumber(ARGV[i * 3])
  local held = redis.call('HMGET', KEYS[i], 'a', 't')
  local a = tonumber(held[1]) or capacity
  local at = tonumber(held[2]) or now
  available[i] = math.min(capacity, a + math.max(0, now - at) * rate)
end
local refused = 0
if mode == 'admit' then
  for i = 1, #KEYS do
    if available[i] < tonumber(ARGV[i * 3 + 1]) then
      refused = i
      break
    end
  end
end
local result = { refused }
for i = 1, #KEYS do
  local capacity = tonumber(ARGV[i * 3 - 1])
  local rate = tonumber(ARGV[i * 3])
  local amount = tonumber(ARGV[i * 3 + 1])
  local a = available[i]
  if refused == 0 then
    if mode == 'refund' then a = math.min(capacity, a + amount) else a = math.max(-capacity, a - amount) end
    if a >= capacity then
      redis.call('DEL', KEYS[i])
    else
      redis.call('HSET', KEYS[i], 'a', tostring(a), 't', now)
      redis.call('PEXPIRE', KEYS[i], math.ceil((capacity - a) / rate) + 1000)
    end
  end
  result[#result + 1] = tostring(a)
end
return result
`;

type Mode = 'admit' | 'refund' | 'charge';

interface BucketsCommand {
  quotaBuckets(...args: (string | number)[]): Promise<[number, ...string[]]>;
}

export interface RedisBucketsOptions {
  readonly url: string;
  /** Each operation fails after this long without an answer (and at once while disconnected). */
  readonly timeoutMs: number;
}

/**
 * The buckets in Redis, shared by every gateway instance. Keys are `quota:{<tenant>}:...`:
 * every bucket of one request shares the tenant's hash tag, so the script also runs on a
 * Redis Cluster. Operations reject while Redis is down (no offline queue, no retries): the
 * caller applies the failure policy (`QUOTA_REDIS_FAILURE`).
 */
export interface RedisBuckets extends QuotaBuckets {
  readonly redis: Redis;
  /** Resolves once connected (operations fail until then); rejects after `waitMs`. */
  connected(waitMs: number): Promise<void>;
}

export function createRedisBuckets({ url, timeoutMs }: RedisBucketsOptions): RedisBuckets {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: timeoutMs,
    connectTimeout: Math.max(1000, timeoutMs),
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    lazyConnect: false,
  });
  // A connection error is reported by each operation (and so by the failure policy); not crashing here.
  redis.on('error', () => {});
  redis.defineCommand('quotaBuckets', { lua: BUCKETS_SCRIPT });
  const command = redis as unknown as BucketsCommand;

  async function run(mode: Mode, tenant: string, draws: readonly BucketDraw[]) {
    const keys = draws.map((draw) => `quota:{${tenant}}:${draw.key}`);
    const args = draws.flatMap((draw) => [draw.capacity, draw.restorePerSecond / 1000, draw.amount]);
    const [refused, ...available] = await command.quotaBuckets(keys.length, ...keys, mode, ...args);
    return { refused: Number(refused) > 0, available: available.map(Number) };
  }

  return {
    redis,
    async connected(waitMs) {
      if (redis.status === 'ready') return;
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          redis.off('ready', ready);
          reject(new Error(`Redis not ready within ${waitMs} ms`));
        }, waitMs);
        const ready = () => {
          clearTimeout(timer);
          resolve();
        };
        redis.once('ready', ready);
      });
    },
    async admit(tenant, draws) {
      const { refused, available } = await run('admit', tenant, draws);
      return decide(draws, available, refused);
    },
    async refund(tenant, draws) {
      const { available } = await run('refund', tenant, draws);
      return draws.map((draw, index) => stateOf(draw, available[index]!));
    },
    async charge(tenant, draws) {
      const { available } = await run('charge', tenant, draws);
      return draws.map((draw, index) => stateOf(draw, available[index]!));
    },
    async close() {
      redis.disconnect();
    },
  };
}
