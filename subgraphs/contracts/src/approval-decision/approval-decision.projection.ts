import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import { topics, type EventData, type EventEnvelope } from '@salesgraph/events';
import type { ProjectionDefinition } from '@salesgraph/projection';
import { Contract } from '../contract/contract.entity.js';
import { ContractStatus } from '../contract/contract-status.js';
import { roleCoversLevel } from '../contract/contract.pricing.js';
import { recordEvent } from '@salesgraph/outbox';
import { contractEvent } from '../contract/contract.events.js';
import { transition } from '../contract/contract.change.js';

/**
 * Applies one completed APPROVAL task to its contract, in the consumer's transaction (with
 * the inbox record): APPROVE -> APPROVED (`contract.approved`), REJECT -> REJECTED with the
 * comment as reason (`contract.rejected`). A decision is ignored when the contract is not
 * PENDING_APPROVAL (already decided, or revised since) or when the task was not assigned to
 * the contract's approval tier or a higher one.
 */
async function applyDecision(em: EntityManager, event: EventEnvelope): Promise<void> {
  const { task, completedBy, comment } = event.data as EventData<'task.completed'>;
  if (task.type !== 'APPROVAL' || task.subjectType !== 'Contract') return;
  if (task.outcome !== 'APPROVE' && task.outcome !== 'REJECT') return;
  const contract = await em.findOne(Contract, { id: task.subjectId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!contract || contract.status !== ContractStatus.PENDING_APPROVAL) return;
  if (!roleCoversLevel(task.assigneeRole, contract.approvalLevel)) return;
  const origin = { tenantId: event.tenantId, actor: completedBy };
  if (task.outcome === 'APPROVE') {
    transition(contract, ContractStatus.APPROVED);
    contract.approvedBy = completedBy;
    recordEvent(em, contractEvent(origin, contract, 'contract.approved', { approvedBy: completedBy }));
  } else {
    const reason = comment?.trim() || 'Rejected without a comment';
    transition(contract, ContractStatus.REJECTED);
    contract.rejectionReason = reason;
    recordEvent(em, contractEvent(origin, contract, 'contract.rejected', { reason }));
  }
  await em.flush();
}

/** `contracts.approval-decisions`: the contracts side of the approval saga (workflows' task events). */
export const approvalDecisionProjection: ProjectionDefinition = {
  name: 'contracts.approval-decisions',
  topics: [topics.task],
  handlers: { 'task.completed': applyDecision },
};
