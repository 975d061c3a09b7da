import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeCursor, encodeCursor } from './cursor.js';

describe('subscription cursors', () => {
  it('round-trip a position as an opaque url-safe string', () => {
    const text = encodeCursor({ epoch: 'a1b2c3d4e5f6', seq: 42 });
    assert.match(text, /^[A-Za-z0-9_-]+$/);
    assert.deepEqual(decodeCursor(text), { epoch: 'a1b2c3d4e5f6', seq: 42 });
  });

  it('refuse anything this gateway did not issue', () => {
    const encode = (text: string) => Buffer.from(text).toString('base64url');
    for (const text of [
      '',
      'not a cursor!',
      encode('sg2:abc:1'),
      encode('sg1:abc'),
      encode('sg1:abc:1:2'),
      encode('sg1:ABC:1'),
      encode('sg1:abc:-1'),
      encode('sg1:abc:1e9'),
      'a'.repeat(201),
    ]) {
      assert.equal(decodeCursor(text), null, text);
    }
  });
});
