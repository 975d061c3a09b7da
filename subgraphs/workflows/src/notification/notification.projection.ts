import type { EntityManager } from '@mikro-orm/postgresql';
import { topics, type EventData, type EventEnvelope } from '@salesgraph/events';
import type { EventHandler, ProjectionDefinition } from '@salesgraph/projection';
import { NotificationContract, NotificationDeal } from './notification.entity.js';
import { queueNotification } from './notification.queue.js';

async function keepDeal(em: EntityManager, event: EventEnvelope): Promise<void> {
  const { deal } = event.data as EventData<'deal.created'>;
  await em.upsert(NotificationDeal, {
    id: deal.id,
    tenantId: event.tenantId,
    title: deal.title,
    ownerId: deal.ownerId,
  });
}

async function keepContract(em: EntityManager, event: EventEnvelope): Promise<void> {
  const { contract } = event.data as EventData<'contract.drafted'>;
  await em.upsert(NotificationContract, {
    id: contract.id,
    tenantId: event.tenantId,
    number: contract.number,
    dealId: contract.dealId,
  });
}

/** contract.sent_for_signature / signed -> the deal's owner. */
async function toDealOwner(em: EntityManager, event: EventEnvelope): Promise<void> {
  await keepContract(em, event);
  const { contract } = event.data as EventData<'contract.signed'>;
  const deal = await em.findOne(NotificationDeal, { id: contract.dealId });
  // Deals are created long before their contracts are signed; a deal not yet seen is retried
  // by the projection, then dead-lettered like any event that cannot be applied.
  if (!deal) throw new Error(`deal ${contract.dealId} is not known yet`);
  const signed = event.eventType === 'contract.signed';
  await queueNotification(
    em,
    event.tenantId,
    event.eventId,
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
  await queueNotification(
    em,
    event.tenantId,
    event.eventId,
    'APPROVAL_REQUESTED',
    { roles: [task.assigneeRole] },
    {
      contractId: task.subjectType === 'Contract' ? task.subjectId : null,
      dealId: task.dealId ?? null,
      role: task.assigneeRole,
      dueAt: task.dueAt,
    },
  );
}

/** sla.breached -> the task's role and the sales managers. */
async function onSlaBreached(em: EntityManager, event: EventEnvelope): Promise<void> {
  const { task } = event.data as EventData<'sla.breached'>;
  await queueNotification(
    em,
    event.tenantId,
    event.eventId,
    'SLA_BREACHED',
    { roles: [...new Set([task.assigneeRole ?? 'SALES_MANAGER', 'SALES_MANAGER'])] },
    {
      contractId: task.subjectType === 'Contract' ? task.subjectId : null,
      dealId: task.dealId ?? null,
      role: task.assigneeRole,
      taskType: task.type,
      dueAt: task.dueAt,
    },
  );
}

const dealHandlers = Object.fromEntries(
  ['deal.created', 'deal.updated', 'deal.stage_changed', 'deal.won', 'deal.lost', 'deal.reopened'].map((type) => [
    type,
    keepDeal as EventHandler,
  ]),
);
const contractHandlers = Object.fromEntries(
  [
    'contract.drafted',
    'contract.submitted',
    'contract.approval_requested',
    'contract.approved',
    'contract.rejected',
    'contract.activated',
    'contract.suspended',
    'contract.terminated',
  ].map((type) => [type, keepContract as EventHandler]),
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
