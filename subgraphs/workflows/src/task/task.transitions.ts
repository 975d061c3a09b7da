import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventEnvelope } from '@salesgraph/events';
import { processIdFor, taskIdFor } from '../ids.js';
import { Task } from './task.entity.js';
import {
  type TaskOutcome,
  TaskStatus,
  type TaskAssigneeRole,
  type TaskSubjectType,
  type TaskType,
} from './task-types.js';
import { recordTaskEvent, taskEvent, taskSnapshot } from './task.events.js';

/** Who caused a change: the caller of a mutation, or the actor of the event a consumer applied. */
export interface Trace {
  readonly actor: string | null;
  readonly traceparent?: string | null;
}

export interface NewTask {
  readonly type: TaskType;
  readonly assigneeRole: TaskAssigneeRole;
  readonly dueAt: Date;
  readonly subjectType: TaskSubjectType;
  readonly subjectId: string;
  readonly dealId: string | null;
}

/** Creates a task from `source` (its id derives from the event) and writes task.created. */
export function openTask(em: EntityManager, source: EventEnvelope, spec: NewTask): Task {
  const task = em.create(Task, {
    id: taskIdFor(source.tenantId, source.eventId, spec.type),
    tenantId: source.tenantId,
    ...spec,
    processId: spec.dealId ? processIdFor(source.tenantId, spec.dealId) : null,
    sourceEventId: source.eventId,
  });
  recordTaskEvent(em, task, 'task.created', 1, { task: taskSnapshot(task) }, source);
  return task;
}

/** OPEN -> DONE with an outcome; the task.completed event to record (contracts applies APPROVAL outcomes). */
export function completeOpenTask(
  task: Task,
  completion: { outcome: TaskOutcome; comment: string | null; by: string; at: Date },
  trace: Trace,
): EventEnvelope {
  const aggregateVersion = task.version + 1;
  task.status = TaskStatus.DONE;
  task.outcome = completion.outcome;
  task.comment = completion.comment;
  task.completedBy = completion.by;
  task.completedAt = completion.at;
  const data = { task: taskSnapshot(task), completedBy: completion.by, comment: completion.comment };
  return taskEvent(task, 'task.completed', aggregateVersion, data, trace);
}

/** OPEN -> CANCELLED (the work disappeared or was superseded); writes task.cancelled. */
export function cancelOpenTask(em: EntityManager, task: Task, reason: string, trace: Trace): string {
  const aggregateVersion = task.version + 1;
  task.status = TaskStatus.CANCELLED;
  task.cancelReason = reason;
  return recordTaskEvent(em, task, 'task.cancelled', aggregateVersion, { task: taskSnapshot(task), reason }, trace);
}
