import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ExecutionResult } from 'graphql';
import { SubscriberQueue } from './subscriber-queue.js';

const message = (n: number): ExecutionResult => ({ data: { n } });

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

describe('the subscriber queue', () => {
  it('delivers in the order messages were offered, even when they are prepared out of order, and skips empty ones', async () => {
    const queue = new SubscriberQueue(10, () => undefined);
    const [first, second, third] = [deferred<ExecutionResult | null>(), deferred<ExecutionResult | null>(), deferred<ExecutionResult | null>()];
    queue.offer(first.promise);
    queue.offer(second.promise);
    queue.offer(third.promise);
    third.resolve(message(3));
    second.resolve(null);
    first.resolve(message(1));
    assert.deepEqual((await queue.next()).value, message(1));
    assert.deepEqual((await queue.next()).value, message(3));
  });

  it('refuses a message beyond its bound instead of growing', () => {
    const queue = new SubscriberQueue(2, () => undefined);
    assert.equal(queue.offer(Promise.resolve(message(1))), true);
    assert.equal(queue.offer(Promise.resolve(message(2))), true);
    assert.equal(queue.offer(Promise.resolve(message(3))), false);
    assert.equal(queue.size, 2);
  });

  it('waits for the next message, and finishes after the taken ones once ended', async () => {
    const queue = new SubscriberQueue(10, () => undefined);
    const pending = queue.next();
    queue.offer(Promise.resolve(message(1)));
    assert.deepEqual((await pending).value, message(1));
    queue.offer(Promise.resolve(message(2)));
    queue.end();
    assert.equal(queue.offer(Promise.resolve(message(3))), false);
    assert.deepEqual((await queue.next()).value, message(2));
    assert.equal((await queue.next()).done, true);
  });

  it('runs its close callback exactly once when the consumer returns', async () => {
    let closed = 0;
    const queue = new SubscriberQueue(10, () => closed++);
    const waiting = queue.next();
    await queue.return();
    assert.equal((await waiting).done, true);
    await queue.return();
    assert.equal(closed, 1);
  });
});
