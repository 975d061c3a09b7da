import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { retryRetriable } from './retry-retriable.js';

const retriable = () => Object.assign(new Error('This server does not host this topic-partition'), { retriable: true });

describe('retryRetriable', () => {
  it('tries again after retriable failures and returns the first success', async () => {
    let calls = 0;
    const result = await retryRetriable(
      async () => {
        if (++calls < 3) throw retriable();
        return 'created';
      },
      { delayMs: 1 },
    );
    assert.equal(result, 'created');
    assert.equal(calls, 3);
  });

  it('gives up after the attempts, with the last error', async () => {
    let calls = 0;
    await assert.rejects(
      retryRetriable(
        async () => {
          calls++;
          throw retriable();
        },
        { attempts: 4, delayMs: 1 },
      ),
      /topic-partition/,
    );
    assert.equal(calls, 4);
  });

  it('does not retry an error that is not retriable', async () => {
    let calls = 0;
    await assert.rejects(
      retryRetriable(
        async () => {
          calls++;
          throw new Error('invalid replication factor');
        },
        { delayMs: 1 },
      ),
      /replication/,
    );
    assert.equal(calls, 1);
  });
});
