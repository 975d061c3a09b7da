import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { InFlight } from './in-flight.js';

/** A promise the test settles. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('in-flight sharing', () => {
  it('runs the work of a key once for the callers that arrive while it runs, then forgets it', async () => {
    const inFlight = new InFlight<string>();
    const work = deferred<string>();
    let starts = 0;
    const start = () => (starts++, work.promise);
    const first = inFlight.run('acme', 'k', start);
    const second = inFlight.run('acme', 'k', start);
    assert.deepEqual([first.joined, second.joined, starts], [false, true, 1]);
    work.resolve('result');
    assert.deepEqual(await Promise.all([first.promise, second.promise]), ['result', 'result']);
    assert.equal(inFlight.size, 0);
    const later = inFlight.run('acme', 'k', async () => 'fresh');
    assert.equal(later.joined, false);
    assert.equal(await later.promise, 'fresh');
  });

  it('never shares between different keys', async () => {
    const inFlight = new InFlight<string>();
    const a = inFlight.run('acme', 'a', async () => 'a');
    const b = inFlight.run('acme', 'b', async () => 'b');
    assert.equal(b.joined, false);
    assert.deepEqual(await Promise.all([a.promise, b.promise]), ['a', 'b']);
  });

  it('gives every caller the error of the shared work', async () => {
    const inFlight = new InFlight<string>();
    const work = deferred<string>();
    const callers = [1, 2, 3].map(() => inFlight.run('acme', 'k', () => work.promise));
    work.reject(new Error('subgraph down'));
    for (const caller of callers) await assert.rejects(caller.promise, /subgraph down/);
    assert.equal(inFlight.size, 0);
  });

  it('after seal(group), the running work keeps its callers but new callers start afresh; other groups are untouched', async () => {
    const inFlight = new InFlight<string>();
    const old = deferred<string>();
    const other = deferred<string>();
    const before = inFlight.run('acme', 'k', () => old.promise);
    const otherTenant = inFlight.run('globex', 'g', () => other.promise);
    inFlight.seal('acme');
    const fresh = deferred<string>();
    const after = inFlight.run('acme', 'k', () => fresh.promise);
    assert.equal(after.joined, false);
    assert.equal(inFlight.run('globex', 'g', () => other.promise).joined, true);
    old.resolve('before the write');
    assert.equal(await before.promise, 'before the write');
    // The sealed work settling does not remove its successor under the same key.
    assert.equal(inFlight.run('acme', 'k', () => fresh.promise).joined, true);
    fresh.resolve('after the write');
    other.resolve('other');
    assert.equal(await after.promise, 'after the write');
    assert.equal(await otherTenant.promise, 'other');
    assert.equal(inFlight.size, 0);
  });
});
