import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@salesgraph/events';
import { EventLog } from './event-log.js';

const event = (tenantId: string): EventEnvelope => ({
  eventId: randomUUID(),
  eventType: 'deal.created',
  tenantId,
  aggregateType: 'deal',
  aggregateId: randomUUID(),
  aggregateVersion: 1,
  occurredAt: new Date().toISOString(),
  source: 'deals',
  schemaVersion: 1,
  actor: null,
  traceparent: null,
  data: {},
});

/** A log whose consumer of `deals` started at offset 10 of both partitions; `put` appends at the next offset of a partition. */
function startedLog(eventsPerTenant = 10, tenantsPerTopic = 10) {
  const log = new EventLog({ eventsPerTenant, tenantsPerTopic });
  log.begin([
    { topic: 'deals', partition: 0, offset: '10' },
    { topic: 'deals', partition: 1, offset: '10' },
  ]);
  const put = (tenant: string, partition = 0, topic = 'deals') =>
    log.append(topic, partition, log.at(topic).next[partition] ?? 0, event(tenant));
  return { log, put };
}

describe('the resume log', () => {
  it("replays the tenant's events of a topic after a cursor, partition by partition, oldest first, and nothing of other tenants or topics", () => {
    const { log, put } = startedLog();
    assert.deepEqual(log.at('deals').next, [10, 10]);
    const seen = put('a', 0); // offset 10 of partition 0
    assert.deepEqual(seen.next, [11, 10]);
    const missed = [put('a', 1), put('a', 0)];
    put('b', 0);
    put('a', 0, 'contracts');
    assert.deepEqual(log.replay('deals', 'a', seen.next), { kind: 'events', events: missed });
    assert.deepEqual(log.replay('deals', 'a', [10, 10]), { kind: 'events', events: [seen, ...missed] });
    assert.deepEqual(log.replay('deals', 'a', log.at('deals').next), { kind: 'events', events: [] });
  });

  it('refuses a cursor older than where its consumer started (events before may exist that it never held)', () => {
    const { log, put } = startedLog();
    put('a', 0);
    assert.deepEqual(log.replay('deals', 'a', [9, 10]), { kind: 'window_exceeded' });
    assert.deepEqual(log.replay('deals', 'a', [10, 10]).kind, 'events');
  });

  it('says a cursor ahead of it (another instance consumed further) is ahead, and replays it once it got there', () => {
    const { log, put } = startedLog();
    assert.deepEqual(log.replay('deals', 'a', [11, 10]), { kind: 'ahead' });
    put('a', 0);
    assert.deepEqual(log.replay('deals', 'a', [11, 10]), { kind: 'events', events: [] });
  });

  it('refuses a cursor of another layout (a partition count that differs)', () => {
    const { log } = startedLog();
    assert.deepEqual(log.replay('deals', 'a', [10]), { kind: 'window_exceeded' });
    assert.deepEqual(log.replay('never-consumed', 'a', []), { kind: 'window_exceeded' });
  });

  it('holds a partition only from the offset after a gap in its offsets', () => {
    const { log } = startedLog();
    log.append('deals', 0, 10, event('a'));
    log.append('deals', 0, 15, event('a')); // 11..14 never arrived
    assert.deepEqual(log.replay('deals', 'a', [11, 10]), { kind: 'window_exceeded' });
    assert.equal(log.replay('deals', 'a', [15, 10]).kind, 'events');
    log.pass('deals', 0, 16); // not an event: only the position moves
    assert.deepEqual(log.at('deals').next, [17, 10]);
    assert.equal(log.replay('deals', 'a', [15, 10]).kind, 'events');
  });

  it('says the window is exceeded once an event after the cursor was dropped', () => {
    const { log, put } = startedLog(2);
    const seen = put('a', 0);
    put('a', 1);
    assert.equal(log.replay('deals', 'a', seen.next).kind, 'events');
    put('a', 1); // drops `seen` itself: nothing the client missed
    assert.equal(log.replay('deals', 'a', seen.next).kind, 'events');
    const last = put('a', 0); // drops the event right after `seen`
    assert.deepEqual(log.replay('deals', 'a', seen.next), { kind: 'window_exceeded' });
    assert.deepEqual(log.replay('deals', 'a', [seen.next[0]!, 12]), { kind: 'events', events: [last] });
  });

  it('forgets the least recently active tenant beyond the limit, and then refuses older cursors for any tenant it does not hold', () => {
    const { log, put } = startedLog(10, 2);
    const start = log.at('deals').next;
    put('a', 0);
    put('b', 1);
    const afterB = log.at('deals').next;
    put('c', 0); // forgets a
    assert.deepEqual(log.replay('deals', 'a', start), { kind: 'window_exceeded' });
    assert.deepEqual(
      log.replay('deals', 'never-seen', start),
      { kind: 'window_exceeded' },
      'it may have been the forgotten one',
    );
    assert.deepEqual(log.replay('deals', 'never-seen', afterB), { kind: 'events', events: [] });
    put('a', 1); // a comes back with a fresh ring
    assert.deepEqual(
      log.replay('deals', 'a', start),
      { kind: 'window_exceeded' },
      'its forgotten events are not in the new ring',
    );
  });
});
