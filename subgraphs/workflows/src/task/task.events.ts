import type { EntityManager } from '@mikro-orm/postgresql';
import { createEvent, type EventData, type EventEnvelope, type EventType } from '@salesgraph/events';
import { recordEvent } from '@salesgraph/outbox';
import type { Task } from './task.entity.js';

const iso = (date: Date | null) => date?.toISOString() ?? null;

/**
 * The whole task after a change: every column but tenant_id (the envelope's tenantId), version
 * (the event's aggregateVersion) and updated_at, so each task event can restore the row alone.
 */
export function taskSnapshot(task: Task): WholeTaskSnapshot {
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
    dealId: task.dealId,
    sourceEventId: task.sourceEventId,
    createdAt: task.createdAt.toISOString(),
    comment: task.comment,
    completedBy: task.completedBy,
    completedAt: iso(task.completedAt),
    cancelReason: task.cancelReason,
    breachedAt: iso(task.breachedAt),
  };
}

type TaskSnapshot = EventData<'task.created'>['task'];
/** A snapshot with every field (task events written before the fields were added lack some). */
export type WholeTaskSnapshot = { [K in keyof TaskSnapshot]-?: Exclude<TaskSnapshot[K], undefined> };

const addedFields = [
  'dealId',
  'sourceEventId',
  'createdAt',
  'comment',
  'completedBy',
  'completedAt',
  'cancelReason',
  'breachedAt',
] as const;

export const isWholeTask = (snapshot: TaskSnapshot): snapshot is WholeTaskSnapshot =>
  addedFields.every((field) => snapshot[field] !== undefined);

type TaskEventType = Extract<EventType, `task.${string}` | `sla.${string}`>;

/**
 * The envelope of a task (or SLA) event. Every change writes exactly one event, so
 * aggregateVersion is the version after the change (1 on create, `task.version + 1` on update).
 */
export function taskEvent<T extends TaskEventType>(
  task: Task,
  eventType: T,
  aggregateVersion: number,
  data: EventData<T>,
  trace: { actor: string | null; traceparent?: string | null },
): EventEnvelope {
  return createEvent({
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
}

/** Records a task (or SLA) event in the outbox of a consumer's transaction; returns its id. */
export function recordTaskEvent<T extends TaskEventType>(
  em: EntityManager,
  task: Task,
  eventType: T,
  aggregateVersion: number,
  data: EventData<T>,
  trace: { actor: string | null; traceparent?: string | null },
): string {
  const event = taskEvent(task, eventType, aggregateVersion, data, trace);
  recordEvent(em, event);
  return event.eventId;
}
