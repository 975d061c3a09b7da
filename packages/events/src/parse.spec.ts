import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createEvent, parseEvent, EventValidationError } from './parse.js';
import { topicOfEvent, dlqTopicFor } from './topics.js';

const company = {
  id: randomUUID(),
  legalName: 'Acme Ltda',
  tradeName: null,
  cnpj: '11222333000181',
  industry: null,
  employeeCount: 10,
  segment: 'SMB' as const,
  ownerId: 'rep-1',
  parentId: null,
};

const companyCreated = (actor: string | null) =>
  createEvent({
    eventType: 'company.created',
    tenantId: 't1',
    aggregateType: 'company',
    aggregateId: company.id,
    aggregateVersion: 1,
    source: 'accounts',
    actor,
    data: { company },
  });

describe('event envelopes', () => {
  it('creates a valid envelope whose topic is derived from source and aggregate', () => {
    const event = companyCreated('rep-1');
    assert.deepEqual(parseEvent(JSON.parse(JSON.stringify(event))), event);
    assert.equal(topicOfEvent(event), 'accounts.company.events');
    assert.equal(dlqTopicFor(topicOfEvent(event)), 'accounts.company.events.dlq');
  });

  it('refuses data that does not match the schema of its event type, naming the field', () => {
    const event = companyCreated(null);
    const broken = { ...event, data: { company: { ...company, cnpj: '123' } } };
    assert.throws(
      () => parseEvent(broken),
      (error: unknown) => error instanceof EventValidationError && /data\.company\.cnpj/.test(error.message),
    );
  });

  it('refuses unknown event types and broken envelopes', () => {
    const event = companyCreated(null);
    assert.throws(() => parseEvent({ ...event, eventType: 'company.exploded' }), /unknown event type/);
    assert.throws(() => parseEvent({ ...event, eventId: 'not-a-uuid' }), /eventId/);
    assert.throws(() => parseEvent('just a string'), EventValidationError);
  });
});
