import type { EntityManager } from '@mikro-orm/postgresql';
import { topics, type EventData, type EventEnvelope } from '@salesgraph/events';
import type { ProjectionDefinition } from '@salesgraph/projection';
import { NotificationContract, NotificationDeal } from './notification.entity.js';
import type { NotificationKind } from '@salesgraph/notifications';
import { queueNotification, type Audience } from './notification.queue.js';
import { handleAll } from '@salesgraph/subgraph';

async function keepDeal(em: EntityManager, event: EventEnvelope): Promise<void> {
  const { id, title, ownerId } = (event.data as EventData<'deal.created'>).deal;
  await em.upsert(NotificationDeal, { id, tenantId: event.tenantId, title, ownerId });
}

async function keepContract(em: EntityManager, event: EventEnvelope): Promise<void> {
  const { id, number, dealId } = (event.data as EventData<'contract.drafted'>).contract;
  await em.upsert(NotificationContract, { id, tenantId: event.tenantId, number, dealId });
}

/** Queues what `event` tells the audience (once per event: the event id is the source key). */
const notify = (
  em: EntityManager,
  event: EventEnvelope,
  kind: NotificationKind,
  audience: Audience,
  facts: Record<string, string | null>,
) => queueNotification(em, event.tenantId, event.eventId, kind, audience, facts);

/** The facts every task notification carries: the contract it is about (if any), its deal and role. */
const taskFacts = (task: EventData<'task.created'>['task']) => ({
  contractId: task.subjectType === 'Contract' ? task.subjectId : null,
  dealId: task.dealId ?? null,
  role: task.assigneeRole,
});

/** contract.sent_for_signature / signed -> the deal's owner. */
async function toDealOwner(em: EntityManager, event: EventEnvelope): Promise<void> {
  await keepContract(em, event);
  const { contract } = event.data as EventData<'contract.signed'>;
  const deal = await em.findOne(NotificationDeal, { id: contract.dealId });
  // Deals are created long before their contracts are signed; a deal not yet seen is retried
  // by the projection, then dead-lettered like any event that cannot be applied.
  if (!deal) throw new Error(`deal ${contract.dealId} is not known yet`);
  const signed = event.eventType === 'contract.signed';
  await notify(
    em,
    event,
    signed ? 'CONTRACT_SIGNED' : 'CONTRACT_SENT_FOR_SIGNATURE',
    { userIds: [deal.ownerId] },
    {
      contractId: contract.id,
      dealId: contract.dealId,
      at: signed ? (event.data as EventData<'contract.signed'>).signedAt : event.occurredAt,
    },
  );
}

/** task.created for an APPROVAL -> everyone with the approval level's role. */
async function onTaskCreated(em: EntityManager, event: EventEnvelope): Promise<void> {
  const { task } = event.data as EventData<'task.created'>;
  if (task.type !== 'APPROVAL' || !task.assigneeRole) return;
  await notify(
    em,
    event,
    'APPROVAL_REQUESTED',
    { roles: [task.assigneeRole] },
    { ...taskFacts(task), dueAt: task.dueAt },
  );
}

/** sla.breached -> the task's role and the sales managers. */
async function onSlaBreached(em: EntityManager, event: EventEnvelope): Promise<void> {
  const { task } = event.data as EventData<'sla.breached'>;
  const roles = [...new Set([task.assigneeRole ?? 'SALES_MANAGER', 'SALES_MANAGER'])];
  await notify(em, event, 'SLA_BREACHED', { roles }, { ...taskFacts(task), taskType: task.type, dueAt: task.dueAt });
}

const dealHandlers = handleAll(
  ['deal.created', 'deal.updated', 'deal.stage_changed', 'deal.won', 'deal.lost', 'deal.reopened'],
  keepDeal,
);
const contractHandlers = handleAll(
  [
    'contract.drafted',
    'contract.submitted',
    'contract.approval_requested',
    'contract.approved',
    'contract.rejected',
    'contract.activated',
    'contract.suspended',
    'contract.terminated',
  ],
  keepContract,
);

/**
 * `workflows.notifications`: who must act is told. Keeps the deals and contracts it names,
 * and records deliveries (notification.queue.ts) that the sender (notification.sender.ts)
 * sends. Not rebuildable: replaying its topics would notify everyone again.
 */
export const notificationProjection: ProjectionDefinition = {
  name: 'workflows.notifications',
  topics: [topics.deal, topics.contract, topics.task],
  handlers: {
    ...dealHandlers,
    ...contractHandlers,
    'contract.sent_for_signature': toDealOwner,
    'contract.signed': toDealOwner,
    'task.created': onTaskCreated,
    'sla.breached': onSlaBreached,
  },
  notRebuildable: 'replaying deal, contract and task events would send every notification again',
};
