import type { EntityManager } from '@mikro-orm/postgresql';
import { appError, badInput } from '@salesgraph/errors';
import type { Identity } from '@salesgraph/auth';
import { decodeCursor, toConnection } from '@salesgraph/subgraph';
import { distinctUuids, refuse, type WriteRequest } from '@salesgraph/write';
import { Task } from './task.entity.js';
import { TaskOutcome, TaskStatus, type TaskSubjectType, TaskType } from './task-types.js';
import type { CompleteTaskArgs, TaskFilter } from './task.inputs.js';
import { TaskProblemReason, taskWrites, type TaskResult } from './task.results.js';
import { mayComplete, taskVisibility } from './task.access.js';
import { completeOpenTask } from './task.transitions.js';

const MAX_COMMENT = 2000;

function checkOutcome(task: Task, outcome: TaskOutcome): void {
  const allowed = task.type === TaskType.APPROVAL ? [TaskOutcome.APPROVE, TaskOutcome.REJECT] : [TaskOutcome.DONE];
  if (!allowed.includes(outcome)) throw badInput('outcome', `must be ${allowed.join(' or ')} for a ${task.type} task`);
}

/**
 * Completes an OPEN task the caller may complete (see mayComplete), writing task.completed in
 * the same transaction. The frame locks the row, so two concurrent completions cannot both succeed.
 */
export function completeTask(request: WriteRequest, args: CompleteTaskArgs, now: Date): Promise<TaskResult> {
  const { identity } = request;
  const comment = args.comment?.trim() || null;
  if (comment !== null && comment.length > MAX_COMMENT)
    throw badInput('comment', `must be at most ${MAX_COMMENT} characters`);
  if (args.outcome === TaskOutcome.REJECT && comment === null) throw badInput('comment', 'is required to reject');
  return taskWrites.change(request, {
    operation: 'workflows.completeTask',
    input: args,
    target: { id: args.id },
    rules: (_tx, task) => {
      if (!mayComplete(identity, task)) throw appError('FORBIDDEN', 'This task is assigned to another role or user');
      if (task.status === TaskStatus.DONE)
        refuse(TaskProblemReason.ALREADY_COMPLETED, `The task was already completed (${task.outcome ?? 'no outcome'})`);
      if (task.status === TaskStatus.CANCELLED) refuse(TaskProblemReason.TASK_CANCELLED, 'The task was cancelled');
      if (task.version !== args.version)
        refuse(TaskProblemReason.STALE_VERSION, `The task is at version ${task.version}; re-read it and retry`);
      checkOutcome(task, args.outcome);
      const completion = { outcome: args.outcome, comment, by: identity.sub, at: now };
      return { entity: task, events: [completeOpenTask(task, completion, { actor: identity.sub })] };
    },
  });
}

/** The tasks the caller may see, by due time (soonest first), then id. */
export async function findTasks(
  em: EntityManager,
  identity: Identity,
  filter: TaskFilter | null | undefined,
  first: number,
  after: string | null | undefined,
  now: Date,
) {
  const cursor = decodeCursor(after);
  const and: Record<string, unknown>[] = [taskVisibility(identity)];
  if (filter?.status) and.push({ status: filter.status });
  if (filter?.type) and.push({ type: filter.type });
  if (filter?.assigneeRole) and.push({ assigneeRole: filter.assigneeRole });
  if (filter?.overdue === true) and.push({ status: TaskStatus.OPEN, dueAt: { $lt: now } });
  if (filter?.overdue === false) and.push({ $or: [{ status: { $ne: TaskStatus.OPEN } }, { dueAt: { $gte: now } }] });
  if (cursor) {
    const [dueAt, id] = cursor.split('|');
    and.push({ $or: [{ dueAt: { $gt: new Date(dueAt!) } }, { dueAt: new Date(dueAt!), id: { $gt: id } }] });
  }
  const rows = await em.find(Task, { $and: and }, { orderBy: { dueAt: 'asc', id: 'asc' }, limit: first + 1 });
  return toConnection(rows, first, (task) => `${task.dueAt.toISOString()}|${task.id}`);
}

/** Visible tasks by id, in one statement, in the order of `ids` (null where absent or hidden). */
export async function tasksByIds(
  em: EntityManager,
  identity: Identity,
  ids: readonly string[],
): Promise<(Task | null)[]> {
  const valid = distinctUuids(ids);
  const rows = valid.length ? await em.find(Task, { $and: [{ id: { $in: valid } }, taskVisibility(identity)] }) : [];
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id) ?? null);
}

/** Visible tasks of one type for many subjects, in one statement: a list per subject, oldest first. */
export async function tasksBySubjects(
  em: EntityManager,
  identity: Identity,
  type: TaskType,
  subjectType: TaskSubjectType,
  subjectIds: readonly string[],
): Promise<Task[][]> {
  const valid = distinctUuids(subjectIds);
  const rows = valid.length
    ? await em.find(
        Task,
        { $and: [{ type, subjectType, subjectId: { $in: valid } }, taskVisibility(identity)] },
        { orderBy: { createdAt: 'asc', id: 'asc' } },
      )
    : [];
  const bySubject = new Map<string, Task[]>();
  for (const row of rows) bySubject.set(row.subjectId, [...(bySubject.get(row.subjectId) ?? []), row]);
  return subjectIds.map((id) => bySubject.get(id) ?? []);
}
