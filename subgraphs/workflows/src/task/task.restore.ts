import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventData, EventEnvelope } from '@salesgraph/events';
import { isWholeTask } from './task.events.js';

const columns = [
  'type',
  'status',
  'assignee_role',
  'assignee_id',
  'due_at',
  'outcome',
  'comment',
  'completed_by',
  'completed_at',
  'cancel_reason',
  'breached_at',
  'subject_type',
  'subject_id',
  'deal_id',
  'process_id',
  'source_event_id',
] as const;

/**
 * task.created / completed / cancelled and sla.breached, read back from the workflows task topic:
 * every change of a task writes exactly one of them, carrying the whole task, with the task's
 * new version as aggregateVersion. So the newest one restores the row, whatever was lost
 * (a rebuild emptied the table) and in whatever order the other topics are replayed.
 *
 * Live, the row was written in the transaction that recorded the event, so it already holds
 * this version (or a later one) and nothing changes. Nothing is emitted here.
 */
export async function restoreFromTaskEvent(em: EntityManager, event: EventEnvelope): Promise<void> {
  const { task } = event.data as EventData<'task.created'>;
  const [current] = await em.execute<{ version: number }[]>(
    `select version from "workflows"."task" where id = ? for update`,
    [task.id],
  );
  if (current && current.version >= event.aggregateVersion) return;
  if (!isWholeTask(task)) {
    throw new Error(
      `task ${task.id} cannot be restored from version ${event.aggregateVersion}: the event predates task events carrying the whole task`,
    );
  }
  const values = [
    task.type,
    task.status,
    task.assigneeRole,
    task.assigneeId,
    task.dueAt,
    task.outcome,
    task.comment,
    task.completedBy,
    task.completedAt,
    task.cancelReason,
    task.breachedAt,
    task.subjectType,
    task.subjectId,
    task.dealId,
    task.processId,
    task.sourceEventId,
  ];
  await em.execute(
    `insert into "workflows"."task" (id, tenant_id, created_at, updated_at, version, ${columns.join(', ')})
     values (?, ?, ?, now(), ?, ${columns.map(() => '?').join(', ')})
     on conflict (id) do update set updated_at = now(), version = excluded.version, ${columns.map((column) => `${column} = excluded.${column}`).join(', ')}
     where "task".tenant_id = excluded.tenant_id and "task".version < excluded.version`,
    [task.id, event.tenantId, task.createdAt, event.aggregateVersion, ...values],
  );
}
