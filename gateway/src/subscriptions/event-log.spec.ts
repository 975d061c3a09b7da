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

describe('the resume log', () => {
  it("replays the tenant's events of a topic after a position, oldest first, and nothing of other tenants or topics", () => {
    const log = new EventLog({ eventsPerTenant: 10, tenantsPerTopic: 10 });
    const seen = log.append('deals', event('a')).seq;
    const missed = [log.append('deals', event('a')), log.append('deals', event('a'))];
    log.append('deals', event('b'));
    log.append('contracts', event('a'));
    assert.deepEqual(log.replay('deals', 'a', seen), { kind: 'events', events: missed });
    assert.deepEqual(log.replay('deals', 'a', log.position), { kind: 'events', events: [] });
  });

  it('says the window is exceeded once an event after the position was dropped', () => {
    const log = new EventLog({ eventsPerTenant: 2, tenantsPerTopic: 10 });
    const seen = log.append('deals', event('a')).seq;
    log.append('deals', event('a'));
    assert.equal(log.replay('deals', 'a', seen).kind, 'events');
    log.append('deals', event('a')); // drops `seen` itself: nothing the client missed
    assert.equal(log.replay('deals', 'a', seen).kind, 'events');
    log.append('deals', event('a')); // drops the event right after `seen`
    assert.deepEqual(log.replay('deals', 'a', seen), { kind: 'window_exceeded' });
    assert.equal(log.replay('deals', 'a', seen + 1).kind, 'events');
  });

  it('forgets the least recently active tenant beyond the limit, and then refuses older positions for any tenant it does not hold', () => {
    const log = new EventLog({ eventsPerTenant: 10, tenantsPerTopic: 2 });
    const start = log.position;
    log.append('deals', event('a'));
    log.append('deals', event('b'));
    const afterB = log.position;
    log.append('deals', event('c')); // forgets a
    assert.deepEqual(log.replay('deals', 'a', start), { kind: 'window_exceeded' });
    assert.deepEqual(
      log.replay('deals', 'never-seen', start),
      { kind: 'window_exceeded' },
      'it may have been the forgotten one',
    );
    assert.deepEqual(log.replay('deals', 'never-seen', afterB), { kind: 'events', events: [] });
    log.append('deals', event('a')); // a comes back with a fresh ring
    assert.deepEqual(
      log.replay('deals', 'a', start),
      { kind: 'window_exceeded' },
      'its forgotten events are not in the new ring',
    );
  });

  it('refuses a position from the future (another process, or before a restart)', () => {
    const log = new EventLog({ eventsPerTenant: 2, tenantsPerTopic: 2 });
    log.append('deals', event('a'));
    assert.deepEqual(log.replay('deals', 'a', 99), { kind: 'window_exceeded' });
  });
});
