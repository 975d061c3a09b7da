import type { EntityManager } from '@mikro-orm/postgresql';
import { createEvent, type EventData, type EventType } from '@salesgraph/events';
import { recordEvent } from '@salesgraph/outbox';
import type { Task } from './task.entity.js';

export function taskSnapshot(task: Task): EventData<'task.created'>['task'] {
  return {
    id: task.id,
    type: task.type,
    processId: task.processId,
    subjectType: task.subjectType,
    subjectId: task.subjectId,
    assigneeRole: task.assigneeRole,
    assigneeId: task.assigneeId,
    dueAt: task.dueAt.toISOString(),
    status: task.status,
    outcome: task.outcome,
  };
}

type TaskEventType = Extract<EventType, `task.${string}` | `sla.${string}`>;

/**
 * Records a task (or SLA) event in the outbox of the current transaction; returns its id.
 * Every change writes exactly one event, so aggregateVersion is the version after the change
 * (1 on create, `task.version + 1` on update).
 */
export function recordTaskEvent<T extends TaskEventType>(
  em: EntityManager,
  task: Task,
  eventType: T,
  aggregateVersion: number,
  data: EventData<T>,
  trace: { actor: string | null; traceparent?: string | null },
): string {
  const event = createEvent({
    eventType,
    tenantId: task.tenantId,
    aggregateType: 'task',
    aggregateId: task.id,
    aggregateVersion,
    source: 'workflows',
    actor: trace.actor,
    traceparent: trace.traceparent ?? null,
    data,
  });
  recordEvent(em, event);
  return event.eventId;
}
