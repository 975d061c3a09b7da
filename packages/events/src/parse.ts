import { randomUUID } from 'node:crypto';
import { envelopeSchema, type EventEnvelope } from './envelope.js';
import { eventSchemas, type EventData, type EventType } from './registry.js';

export class EventValidationError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid event: ${problems.join('; ')}`);
    this.name = 'EventValidationError';
  }
}

function issuesOf(
  error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] },
  prefix: string,
): string[] {
  return error.issues.map(
    (issue) => `${[prefix, ...issue.path.map(String)].filter(Boolean).join('.')}: ${issue.message}`,
  );
}

/** Validates an envelope and its data against the schema of its type. Throws EventValidationError. */
export function parseEvent(raw: unknown): EventEnvelope {
  const envelope = envelopeSchema.safeParse(raw);
  if (!envelope.success) throw new EventValidationError(issuesOf(envelope.error, ''));
  const schema = eventSchemas[envelope.data.eventType as EventType];
  if (!schema) throw new EventValidationError([`eventType: unknown event type ${envelope.data.eventType}`]);
  const data = schema.safeParse(envelope.data.data);
  if (!data.success) throw new EventValidationError(issuesOf(data.error, 'data'));
  return { ...envelope.data, data: data.data };
}

export interface NewEvent<T extends EventType> {
  eventType: T;
  tenantId: string;
  aggregateType: string;
  aggregateId: string;
  aggregateVersion: number;
  source: string;
  actor: string | null;
  traceparent?: string | null;
  data: EventData<T>;
}

/** Builds a validated envelope; producers call this, so nothing invalid is ever written. */
export function createEvent<T extends EventType>(event: NewEvent<T>): EventEnvelope<EventData<T>> {
  const envelope = {
    eventId: randomUUID(),
    occurredAt: new Date().toISOString(),
    schemaVersion: 1,
    traceparent: null,
    ...event,
  };
  parseEvent(envelope);
  return envelope;
}
