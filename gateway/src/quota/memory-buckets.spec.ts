import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createMemoryBuckets } from './memory-buckets.js';
import { bucketsContract } from './testing/buckets-contract.js';

describe('quota buckets in memory (the embedded start, one gateway)', () => {
  const buckets = createMemoryBuckets();
  after(() => buckets.close());
  bucketsContract(() => buckets);

  it('refills from the clock it is given, at the restore rate, up to capacity', async () => {
    let now = 0;
    const clocked = createMemoryBuckets(() => now);
    const draw = { name: 'points', key: 'points', capacity: 100, restorePerSecond: 50, amount: 100 };
    assert.equal((await clocked.admit('t', [draw])).admitted, true);
    now = 1000;
    const early = await clocked.admit('t', [draw]);
    assert.ok(!early.admitted);
    assert.deepEqual([early.refusedBy.currentlyAvailable, early.retryAfterSeconds], [50, 1]);
    now = 60_000;
    assert.equal((await clocked.admit('t', [{ ...draw, amount: 0 }])).buckets[0]?.currentlyAvailable, 100);
  });
});
