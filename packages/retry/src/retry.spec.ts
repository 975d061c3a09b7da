import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RetryableError, backoffDelay, retryAfterMs, withRetry } from './retry.js';

const policy = { attempts: 4, baseDelayMs: 1, maxDelayMs: 4 };

describe('withRetry', () => {
  it('tries a RetryableError again until the work succeeds, telling each retry', async () => {
    const retries: number[] = [];
    let calls = 0;
    const result = await withRetry(
      async (attempt) => {
        calls += 1;
        if (attempt < 3) throw new RetryableError('busy');
        return 'done';
      },
      { policy, onRetry: (_error, attempt) => retries.push(attempt) },
    );
    assert.deepEqual([result, calls, retries], ['done', 3, [1, 2]]);
  });

  it('throws the last RetryableError once the attempts are spent', async () => {
    let calls = 0;
    await assert.rejects(
      withRetry(
        () => {
          calls += 1;
          return Promise.reject(new RetryableError(`failure ${calls}`));
        },
        { policy },
      ),
      /failure 4/,
    );
    assert.equal(calls, 4);
  });

  it('never retries another error', async () => {
    let calls = 0;
    await assert.rejects(
      withRetry(
        () => {
          calls += 1;
          return Promise.reject(new Error('bad request'));
        },
        { policy },
      ),
      /bad request/,
    );
    assert.equal(calls, 1);
  });
});

describe('backoffDelay', () => {
  it('doubles from the base with jitter in the upper half, capped, and honours a longer Retry-After up to the cap', () => {
    const wide = { attempts: 10, baseDelayMs: 100, maxDelayMs: 1_000 };
    for (let round = 0; round < 50; round++) {
      const first = backoffDelay(wide, 1);
      const third = backoffDelay(wide, 3);
      assert.ok(first >= 50 && first <= 100, String(first));
      assert.ok(third >= 200 && third <= 400, String(third));
      assert.ok(backoffDelay(wide, 9) <= 1_000);
    }
    assert.equal(backoffDelay(wide, 1, 700), 700);
    assert.equal(backoffDelay(wide, 1, 5_000), 1_000);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    assert.equal(retryAfterMs('2'), 2_000);
    assert.equal(retryAfterMs(null), undefined);
    assert.equal(retryAfterMs('not a date'), undefined);
    const inAMinute = retryAfterMs(new Date(Date.now() + 60_000).toUTCString())!;
    assert.ok(inAMinute > 55_000 && inAMinute <= 60_000);
  });
});
