import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_CURSOR_PARTITIONS, decodeCursor, encodeCursor, laterOf, topicTag } from './cursor.js';

describe('subscription cursors', () => {
  it('round-trip a position in a topic (the next offset of each partition) as an opaque url-safe string', () => {
    const text = encodeCursor('deals.deal.events', [0, 42, 9_007_199_254_740_991]);
    assert.match(text, /^[A-Za-z0-9_-]+$/);
    assert.deepEqual(decodeCursor(text), {
      topicTag: topicTag('deals.deal.events'),
      next: [0, 42, 9_007_199_254_740_991],
    });
    assert.notEqual(topicTag('deals.deal.events'), topicTag('deals.pipeline.events'));
    assert.deepEqual(decodeCursor(encodeCursor('deals.deal.events', [])), {
      topicTag: topicTag('deals.deal.events'),
      next: [],
    });
  });

  it('stay short: three partitions with offsets in the millions take under 50 characters, and the partitions are bounded', () => {
    assert.ok(encodeCursor('deals.deal.events', [1_234_567, 2_345_678, 3_456_789]).length < 50);
    const widest = encodeCursor(
      't',
      Array.from({ length: MAX_CURSOR_PARTITIONS }, () => Number.MAX_SAFE_INTEGER),
    );
    assert.ok(decodeCursor(widest));
    assert.equal(
      decodeCursor(
        encodeCursor(
          't',
          Array.from({ length: MAX_CURSOR_PARTITIONS + 1 }, () => 1),
        ),
      ),
      null,
    );
  });

  it('accept the former per-process cursors as valid but never resumable (no offsets)', () => {
    const former = Buffer.from('sg1:a1b2c3d4e5f6:42').toString('base64url');
    assert.deepEqual(decodeCursor(former), { topicTag: '', next: [] });
  });

  it('refuse anything this graph did not issue', () => {
    const encode = (text: string) => Buffer.from(text).toString('base64url');
    for (const text of [
      '',
      'not a cursor!',
      encode('sg3:0123abcd:1.2'),
      encode('sg2:0123abcd'),
      encode('sg2:0123abcd:1.2:3'),
      encode('sg2:0123ABCD:1.2'),
      encode('sg2:0123abc:1.2'),
      encode('sg2:0123abcd:-1'),
      encode('sg2:0123abcd:01'),
      encode('sg2:0123abcd:1..2'),
      encode('sg2:0123abcd:1.'),
      encode('sg2:0123abcd:1e9.Z'),
      encode('sg2:0123abcd:zzzzzzzzzzz'), // past 2^53
      encode('sg1:abc:1:2'),
      encode('sg1:ABC:1'),
      `${encodeCursor('t', [1, 2])}=`,
      'a'.repeat(5_000),
    ]) {
      assert.equal(decodeCursor(text), null, text);
    }
  });

  it('take the later offset of two positions partition by partition', () => {
    assert.deepEqual(laterOf([5, 9, 2], [7, 3, 2]), [7, 9, 2]);
  });
});
