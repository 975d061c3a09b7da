import type { EntityManager } from '@mikro-orm/postgresql';
import { createEvent, type EventData, type EventEnvelope, type EventType } from '@salesgraph/events';
import { recordEvent } from '@salesgraph/outbox';
import type { ProcessInstance } from './process.entity.js';

export function processSnapshot(process: ProcessInstance): EventData<'process.started'>['process'] {
  return { id: process.id, dealId: process.dealId, phase: process.phase };
}

type ProcessEventType = Extract<EventType, `process.${string}`>;

/**
 * Records a process event in the outbox of the consumer's transaction. One change may write
 * two events (phase_changed + completed), so versions come from `eventVersion`, not `version`.
 * Actor and trace follow the event that caused the change.
 */
export function recordProcessEvent<T extends ProcessEventType>(
  em: EntityManager,
  process: ProcessInstance,
  eventType: T,
  data: EventData<T>,
  cause: EventEnvelope,
): string {
  process.eventVersion += 1;
  const event = createEvent({
    eventType,
    tenantId: process.tenantId,
    aggregateType: 'process',
    aggregateId: process.id,
    aggregateVersion: process.eventVersion,
    source: 'workflows',
    actor: cause.actor,
    traceparent: cause.traceparent,
    data,
  });
  recordEvent(em, event);
  return event.eventId;
}

/**
 * The version of the last process event this subgraph recorded for `processId` (0 if none). A
 * process row starts numbering its events after it: after a rebuild, which recreates rows
 * without writing their events again, new events still get versions consumers do not hold.
 */
export async function lastRecordedVersion(em: EntityManager, processId: string): Promise<number> {
  const [row] = await em.execute<{ version: number }[]>(
    `select coalesce(max((payload->>'aggregateVersion')::int), 0)::int as version from "workflows"."outbox" where message_key = ?`,
    [processId],
  );
  return row?.version ?? 0;
}
