import { createEvent, type EventData, type EventEnvelope } from '@salesgraph/events';
import type { Identity } from '@salesgraph/auth';
import type { Contact } from './contact.entity.js';

type ContactEventType = 'contact.created' | 'contact.updated' | 'contact.erased';

/** Ids and the MEDDIC role only: no name, email or phone ever leaves this subgraph in an event. */
export function contactSnapshot(contact: Contact): EventData<'contact.created'>['contact'] {
  return { id: contact.id, companyId: contact.companyId, meddicRole: contact.meddicRole };
}

/** The envelope of a contact event, for the write frame to record with the change. */
export function contactEvent<T extends ContactEventType>(
  identity: Identity,
  contact: Contact,
  eventType: T,
  aggregateVersion: number,
  data: EventData<T>,
): EventEnvelope {
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
  return event;
}
