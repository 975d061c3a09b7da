import { it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { waitFor } from '@salesgraph/testkit';
import type { BucketDraw, QuotaBuckets } from '../quota-buckets.js';

/** A bucket that refills too slowly for a test to notice (a point every ~11 days). */
const draw = (name: string, capacity: number, amount: number, restorePerSecond = 0.000001): BucketDraw => ({
  name,
  key: `test:${name}`,
  capacity,
  restorePerSecond,
  amount,
});

const available = (states: readonly { name: string; currentlyAvailable: number }[]) =>
  Object.fromEntries(states.map((state) => [state.name, state.currentlyAvailable]));

/**
 * The rules every QuotaBuckets implementation follows (memory and Redis run the same suite).
 * `buckets()` gives the implementation under test; each test uses a tenant of its own.
 */
export function bucketsContract(buckets: () => QuotaBuckets): void {
  it('admits while every bucket holds the amount, drawing from all of them', async () => {
    const tenant = randomUUID();
    const first = await buckets().admit(tenant, [draw('points', 100, 60), draw('requests', 10, 1)]);
    assert.equal(first.admitted, true);
    assert.deepEqual(available(first.buckets), { points: 40, requests: 9 });
    assert.deepEqual(first.buckets[0], {
      name: 'points',
      maximumAvailable: 100,
      currentlyAvailable: 40,
      restoreRate: 0.000001,
    });
  });

  it('refuses all or nothing: one bucket short and none is drawn, naming the one that waits longest', async () => {
    const tenant = randomUUID();
    await buckets().admit(tenant, [draw('points', 100, 90), draw('requests', 10, 1)]);
    const refused = await buckets().admit(tenant, [draw('points', 100, 20, 2), draw('requests', 10, 1)]);
    assert.equal(refused.admitted, false);
    assert.ok(!refused.admitted);
    assert.equal(refused.refusedBy.name, 'points');
    assert.ok(refused.retryAfterSeconds >= 1 && refused.retryAfterSeconds <= 5, `${refused.retryAfterSeconds} s`);
    const after = await buckets().admit(tenant, [draw('points', 100, 0), draw('requests', 10, 0)]);
    assert.equal(after.buckets[1]?.currentlyAvailable, 9, 'the request bucket was not drawn by the refusal');
  });

  it('gives back the unused part, never above capacity', async () => {
    const tenant = randomUUID();
    await buckets().admit(tenant, [draw('points', 100, 80)]);
    assert.deepEqual(available(await buckets().refund(tenant, [draw('points', 100, 50)])), { points: 70 });
    assert.deepEqual(available(await buckets().refund(tenant, [draw('points', 100, 500)])), { points: 100 });
  });

  it('charges whatever the bucket holds, down to minus its capacity, and then refuses until it refills', async () => {
    const tenant = randomUUID();
    assert.deepEqual(available(await buckets().charge(tenant, [draw('points', 100, 130)])), { points: -30 });
    assert.deepEqual(available(await buckets().charge(tenant, [draw('points', 100, 500)])), { points: -100 });
    const refused = await buckets().admit(tenant, [draw('points', 100, 1)]);
    assert.equal(refused.admitted, false);
  });

  it('keeps tenants and keys apart', async () => {
    const [one, two] = [randomUUID(), randomUUID()];
    await buckets().admit(one, [draw('points', 100, 100)]);
    assert.equal((await buckets().admit(two, [draw('points', 100, 100)])).admitted, true);
    assert.equal((await buckets().admit(one, [draw('other', 100, 100)])).admitted, true);
    assert.equal((await buckets().admit(one, [draw('points', 100, 1)])).admitted, false);
  });

  it('refills at its restore rate', async () => {
    const tenant = randomUUID();
    const fast = draw('fast', 100, 100, 1000);
    await buckets().admit(tenant, [fast]);
    // 1,000 points a second: full again after about 100 ms (polled, not timed).
    const admitted = await waitFor(async () => (await buckets().admit(tenant, [fast])).admitted, {
      intervalMs: 20,
      timeoutMs: 5000,
      description: 'the bucket to refill',
    });
    assert.equal(admitted, true);
  });
}
