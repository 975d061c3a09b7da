import { after, before, describe } from 'node:test';
import { createRedisBuckets } from './redis-buckets.js';
import { bucketsContract } from './testing/buckets-contract.js';

/** The local Redis (127.0.0.1:6379); keys are `quota:{<random tenant>}:...` and expire on their own. */
describe('quota buckets in Redis (shared by gateway instances)', () => {
  const buckets = createRedisBuckets({ url: 'redis://127.0.0.1:6379', timeoutMs: 1000 });
  before(() => buckets.connected(5000));
  after(() => buckets.close());
  bucketsContract(() => buckets);
});
