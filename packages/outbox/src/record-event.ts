import type { EntityManager } from '@mikro-orm/postgresql';
import { topicOfEvent, type EventEnvelope } from '@salesgraph/events';
import { OutboxMessage } from './outbox-message.entity.js';

/** Adds the event to the unit of work: it is committed with the change, or not at all. */
export function recordEvent(em: EntityManager, event: EventEnvelope): void {
  const message = new OutboxMessage();
  message.eventId = event.eventId;
  message.topic = topicOfEvent(event);
  message.messageKey = event.aggregateId;
  message.payload = event;
  em.persist(message);
}
