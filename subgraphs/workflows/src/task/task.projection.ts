import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { topics, type EventData, type EventEnvelope } from '@salesgraph/events';
import { recordEvent } from '@salesgraph/outbox';
import type { EventHandler, ProjectionDefinition } from '@salesgraph/projection';
import { Task } from './task.entity.js';
import { TaskAssigneeRole, TaskOutcome, TaskStatus, TaskSubjectType, TaskType } from './task-types.js';
import { cancelOpenTask, completeOpenTask, openTask, type NewTask } from './task.transitions.js';
import { restoreFromTaskEvent } from './task.restore.js';

const HOUR_MS = 3_600_000;
/** SLAs of the tasks created from events. */
export const APPROVAL_DUE_MS = 48 * HOUR_MS;
export const IMPLEMENTATION_PLANNING_DUE_MS = 5 * 24 * HOUR_MS;

const after = (iso: string, ms: number) => new Date(new Date(iso).getTime() + ms);

const openTasksOf = (em: EntityManager, type: TaskType, subjectId: string) =>
  em.find(
    Task,
    { type, subjectId, status: TaskStatus.OPEN },
    { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { createdAt: 'asc', id: 'asc' } },
  );

type TaskHandler = (em: EntityManager, event: EventEnvelope) => Promise<void>;

async function cancelOpen(
  em: EntityManager,
  event: EventEnvelope,
  type: TaskType,
  subjectId: string,
  reason: string,
): Promise<void> {
  for (const task of await openTasksOf(em, type, subjectId)) cancelOpenTask(em, task, reason, event);
}

/** A handler that cancels the open `type` tasks of the event's subject, for the reason the event gives. */
const cancellingOpen =
  (
    type: TaskType,
    subjectOf: (event: EventEnvelope) => string,
    reasonOf: (event: EventEnvelope) => string,
  ): TaskHandler =>
  async (em, event) => {
    await cancelOpen(em, event, type, subjectOf(event), reasonOf(event));
    await em.flush();
  };

/** A contract's task: its subject is the contract, on the contract's deal. */
const contractTask = (
  contract: { id: string; dealId: string },
  type: TaskType,
  assigneeRole: TaskAssigneeRole,
  dueAt: Date,
): NewTask => ({
  type,
  assigneeRole,
  dueAt,
  subjectType: TaskSubjectType.Contract,
  subjectId: contract.id,
  dealId: contract.dealId,
});

/** contract.approval_requested -> an APPROVAL task for the approval level's role, due in 48 h (none for AUTO). */
async function onApprovalRequested(em: EntityManager, event: EventEnvelope): Promise<void> {
  const { contract, approvalLevel } = event.data as EventData<'contract.approval_requested'>;
  if (approvalLevel === 'AUTO') return;
  await cancelOpen(em, event, TaskType.APPROVAL, contract.id, 'superseded by a new approval request');
  const dueAt = after(event.occurredAt, APPROVAL_DUE_MS);
  openTask(em, event, contractTask(contract, TaskType.APPROVAL, TaskAssigneeRole[approvalLevel], dueAt));
  await em.flush();
}

/** contract.approved / rejected: an approval still open was decided elsewhere, so it is cancelled. */
const onApprovalDecided = cancellingOpen(
  TaskType.APPROVAL,
  (event) => (event.data as EventData<'contract.approved'>).contract.id,
  (event) => `the contract was ${event.eventType === 'contract.approved' ? 'approved' : 'rejected'}`,
);

/** contract.signed -> IMPLEMENTATION_PLANNING for OPERATIONS, due 5 days after signing. */
async function onSigned(em: EntityManager, event: EventEnvelope): Promise<void> {
  const { contract, signedAt } = event.data as EventData<'contract.signed'>;
  const dueAt = after(signedAt, IMPLEMENTATION_PLANNING_DUE_MS);
  openTask(em, event, contractTask(contract, TaskType.IMPLEMENTATION_PLANNING, TaskAssigneeRole.OPERATIONS, dueAt));
  await em.flush();
}

/** beneficiary.enrolled (and ans_rejected: register again) -> ANS_REGISTRATION for OPERATIONS, due at the ANS deadline. */
async function onNeedsAnsRegistration(em: EntityManager, event: EventEnvelope): Promise<void> {
  const { beneficiary } = event.data as EventData<'beneficiary.enrolled'>;
  openTask(em, event, {
    type: TaskType.ANS_REGISTRATION,
    assigneeRole: TaskAssigneeRole.OPERATIONS,
    dueAt: new Date(beneficiary.ansDeadline),
    subjectType: TaskSubjectType.Beneficiary,
    subjectId: beneficiary.id,
    dealId: null,
  });
  await em.flush();
}

/** beneficiary.ans_submitted / ans_registered: the registration was sent, so the open task is DONE. */
async function onAnsSent(em: EntityManager, event: EventEnvelope): Promise<void> {
  const { beneficiary } = event.data as EventData<'beneficiary.ans_submitted'>;
  for (const task of await openTasksOf(em, TaskType.ANS_REGISTRATION, beneficiary.id)) {
    const completion = {
      outcome: TaskOutcome.DONE,
      comment: null,
      by: event.actor ?? 'system',
      at: new Date(event.occurredAt),
    };
    recordEvent(em, completeOpenTask(task, completion, event));
  }
  await em.flush();
}

/** beneficiary.removed / erased: nobody is left to register. */
const onBeneficiaryGone = cancellingOpen(
  TaskType.ANS_REGISTRATION,
  (event) => (event.data as EventData<'beneficiary.removed'>).beneficiary.id,
  (event) => `the beneficiary was ${event.eventType === 'beneficiary.removed' ? 'removed' : 'erased'}`,
);

/**
 * Contract and beneficiary events act on tasks only live. Every task change they make is written
 * as a task event in the same transaction, and a rebuild restores tasks from those (with the
 * decisions people made in between); acting on them again while replaying would emit task events
 * twice and, since topics are not ordered against each other, could cancel an approval that a
 * replayed task.completed has decided.
 */
const liveOnly =
  (handler: TaskHandler): EventHandler =>
  (em, event, context) =>
    context.replaying ? Promise.resolve() : handler(em, event);

/**
 * `workflows.tasks`: contract and beneficiary events -> tasks (created, completed or cancelled),
 * and the subgraph's own task events -> each task restored at its newest version (see
 * restoreFromTaskEvent), which is what a rebuild replays tasks and human decisions from.
 */
export const taskProjection: ProjectionDefinition = {
  name: 'workflows.tasks',
  topics: [topics.contract, topics.beneficiary, topics.task],
  tables: ['task'],
  handlers: {
    'contract.approval_requested': liveOnly(onApprovalRequested),
    'contract.approved': liveOnly(onApprovalDecided),
    'contract.rejected': liveOnly(onApprovalDecided),
    'contract.signed': liveOnly(onSigned),
    'beneficiary.enrolled': liveOnly(onNeedsAnsRegistration),
    'beneficiary.ans_rejected': liveOnly(onNeedsAnsRegistration),
    'beneficiary.ans_submitted': liveOnly(onAnsSent),
    'beneficiary.ans_registered': liveOnly(onAnsSent),
    'beneficiary.removed': liveOnly(onBeneficiaryGone),
    'beneficiary.erased': liveOnly(onBeneficiaryGone),
    'task.created': restoreFromTaskEvent,
    'task.completed': restoreFromTaskEvent,
    'task.cancelled': restoreFromTaskEvent,
    'sla.breached': restoreFromTaskEvent,
  },
};
