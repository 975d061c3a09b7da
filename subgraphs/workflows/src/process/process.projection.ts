import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { topics, type EventData, type EventEnvelope } from '@salesgraph/events';
import type { ApplyContext, ProjectionDefinition } from '@salesgraph/projection';
import { processIdFor } from '../ids.js';
import { ProcessInstance } from './process.entity.js';
import { ProcessPhase, phaseOfContractEvent, phaseOfStage } from './process-phase.js';
import { courseOf, withCause, type StoredCause } from './process-history.js';
import { lastRecordedVersion, processSnapshot, recordProcessEvent } from './process.events.js';
import { handleAll } from '@salesgraph/subgraph';

const causeOf = (event: EventEnvelope, kind: StoredCause['kind'], phase: ProcessPhase): StoredCause => ({
  at: event.occurredAt,
  kind,
  phase,
  cause: event.eventType,
  version: event.aggregateVersion,
  eventId: event.eventId,
});

/**
 * Adds `cause` to the deal's process (starting it on the first one) and recomputes its course
 * from all its causes (courseOf). Live, it announces what changed: process.started for a new
 * process, process.phase_changed when the current phase changed, process.completed on
 * CLOSED_LOST. A rebuild's replay announces nothing: those events were written the first time.
 */
async function apply(
  em: EntityManager,
  event: EventEnvelope,
  context: ApplyContext,
  dealId: string,
  cause: StoredCause,
  ownerId?: string | null,
): Promise<void> {
  const process = await em.findOne(ProcessInstance, { dealId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  const causes = withCause(process?.causes ?? [], cause);
  const course = courseOf(causes);
  if (!process) {
    const id = processIdFor(event.tenantId, dealId);
    const started = em.create(ProcessInstance, {
      id,
      tenantId: event.tenantId,
      dealId,
      ownerId: ownerId ?? null,
      causes,
      ...course,
      eventVersion: await lastRecordedVersion(em, id),
    });
    if (!context.replaying) announce(em, started, null, event);
  } else {
    const from = process.phase;
    Object.assign(process, { causes, ...course });
    if (ownerId !== undefined) process.ownerId = ownerId;
    if (!context.replaying) announce(em, process, from, event);
  }
  await em.flush();
}

function announce(em: EntityManager, process: ProcessInstance, from: ProcessPhase | null, cause: EventEnvelope): void {
  const to = process.phase;
  if (from === to) return;
  if (from === null) recordProcessEvent(em, process, 'process.started', { process: processSnapshot(process) }, cause);
  else recordProcessEvent(em, process, 'process.phase_changed', { process: processSnapshot(process), from, to }, cause);
  if (to === ProcessPhase.CLOSED_LOST)
    recordProcessEvent(em, process, 'process.completed', { process: processSnapshot(process) }, cause);
}

/** Every deal event carries the deal's snapshot: its stage's phase, and the owner. */
function onDealEvent(em: EntityManager, event: EventEnvelope, context: ApplyContext): Promise<void> {
  const { deal } = event.data as EventData<'deal.created'>;
  return apply(em, event, context, deal.id, causeOf(event, 'stage', phaseOfStage[deal.stage]!), deal.ownerId);
}

/** Contract milestones move the deal's process; the first one starts it if no deal event came yet (owner unknown until one does). */
function onContractEvent(em: EntityManager, event: EventEnvelope, context: ApplyContext): Promise<void> {
  const { contract } = event.data as EventData<'contract.drafted'>;
  return apply(em, event, context, contract.dealId, causeOf(event, 'contract', phaseOfContractEvent[event.eventType]!));
}

/** `workflows.process`: deal and contract events -> one ProcessInstance per deal. */
export const processProjection: ProjectionDefinition = {
  name: 'workflows.process',
  topics: [topics.deal, topics.contract],
  /** A rebuild recomputes every process from the same events (in any order, see courseOf) and writes no process events. */
  tables: ['process_instance'],
  handlers: {
    'deal.created': onDealEvent,
    'deal.updated': onDealEvent,
    'deal.stage_changed': onDealEvent,
    'deal.won': onDealEvent,
    'deal.lost': onDealEvent,
    'deal.reopened': onDealEvent,
    ...handleAll(Object.keys(phaseOfContractEvent), onContractEvent),
  },
};
