import { decide, refilled, stateOf, type BucketDraw, type QuotaBuckets } from './quota-buckets.js';

interface Held {
  available: number;
  at: number;
}

/**
 * The buckets in this process's memory (the embedded start, one gateway): the same rules as
 * the Redis script. A bucket back at full capacity is forgotten.
 */
export function createMemoryBuckets(
  now: () => number = () => performance.timeOrigin + performance.now(),
): QuotaBuckets {
  const held = new Map<string, Held>();

  const current = (tenant: string, draw: BucketDraw, at: number): number => {
    const bucket = held.get(`${tenant}\n${draw.key}`);
    return bucket ? refilled(bucket.available, at - bucket.at, draw) : draw.capacity;
  };
  const store = (tenant: string, draw: BucketDraw, available: number, at: number) => {
    const key = `${tenant}\n${draw.key}`;
    if (available >= draw.capacity) held.delete(key);
    else held.set(key, { available, at });
  };
  const apply = (
    tenant: string,
    draws: readonly BucketDraw[],
    change: (draw: BucketDraw, available: number) => number,
  ) => {
    const at = now();
    return draws.map((draw) => {
      const available = change(draw, current(tenant, draw, at));
      store(tenant, draw, available, at);
      return stateOf(draw, available);
    });
  };

  return {
    async admit(tenant, draws) {
      const at = now();
      const available = draws.map((draw) => current(tenant, draw, at));
      const refused = draws.findIndex((draw, index) => available[index]! < draw.amount);
      if (refused >= 0) return decide(draws, available, true);
      const after = draws.map((draw, index) => available[index]! - draw.amount);
      draws.forEach((draw, index) => store(tenant, draw, after[index]!, at));
      return decide(draws, after, false);
    },
    async refund(tenant, draws) {
      return apply(tenant, draws, (draw, available) => Math.min(draw.capacity, available + draw.amount));
    },
    async charge(tenant, draws) {
      return apply(tenant, draws, (draw, available) => Math.max(-draw.capacity, available - draw.amount));
    },
    async close() {
      held.clear();
    },
  };
}
