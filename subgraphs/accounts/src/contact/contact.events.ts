import type { EntityManager } from '@mikro-orm/postgresql';
import { createEvent, type EventData } from '@salesgraph/events';
import { recordEvent } from '@salesgraph/outbox';
import type { Identity } from '@salesgraph/auth';
import type { Contact } from './contact.entity.js';

type ContactEventType = 'contact.created' | 'contact.updated' | 'contact.erased';

/** Ids and the MEDDIC role only: no name, email or phone ever leaves this subgraph in an event. */
export function contactSnapshot(contact: Contact): EventData<'contact.created'>['contact'] {
  return { id: contact.id, companyId: contact.companyId, meddicRole: contact.meddicRole };
}

/** Records a contact event in the outbox of the current transaction; returns its id. */
export function recordContactEvent<T extends ContactEventType>(
  em: EntityManager,
  identity: Identity,
  contact: Contact,
  eventType: T,
  aggregateVersion: number,
  data: EventData<T>,
): string {
  const event = createEvent({
    eventType,
    tenantId: identity.tenant,
    aggregateType: 'contact',
    aggregateId: contact.id,
    aggregateVersion,
    source: 'accounts',
    actor: identity.sub,
    data,
  });
  recordEvent(em, event);
  return event.eventId;
}
