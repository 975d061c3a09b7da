import type { EntityManager } from '@mikro-orm/postgresql';
import { topicOfEvent, type EventEnvelope } from '@salesgraph/events';
import { currentTraceparent } from '@salesgraph/telemetry';
import { OutboxMessage } from './outbox-message.entity.js';

/**
 * Adds the event to the unit of work: it is committed with the change, or not at all. An event
 * without a `traceparent` gets the active span's (the write's), so the row — and the relay's
 * message — carry the trace of the write.
 */
export function recordEvent(em: EntityManager, event: EventEnvelope): void {
  const message = new OutboxMessage();
  message.eventId = event.eventId;
  message.topic = topicOfEvent(event);
  message.messageKey = event.aggregateId;
  const traceparent = event.traceparent ?? currentTraceparent();
  message.payload = traceparent === event.traceparent ? event : { ...event, traceparent };
  em.persist(message);
}
