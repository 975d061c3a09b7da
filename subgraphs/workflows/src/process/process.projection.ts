import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { topics, type EventData, type EventEnvelope } from '@salesgraph/events';
import type { ProjectionDefinition } from '@salesgraph/projection';
import { processIdFor } from '../ids.js';
import { ProcessInstance } from './process.entity.js';
import { ProcessPhase, nextPhase, phaseOfContractEvent, phaseOfStage } from './process-phase.js';
import { processSnapshot, recordProcessEvent } from './process.events.js';

type Cause = { kind: 'stage' | 'contract'; phase: ProcessPhase };

function start(em: EntityManager, event: EventEnvelope, dealId: string, ownerId: string | null, phase: ProcessPhase): ProcessInstance {
  const at = new Date(event.occurredAt);
  const process = em.create(ProcessInstance, {
    id: processIdFor(event.tenantId, dealId),
    tenantId: event.tenantId,
    dealId,
    ownerId,
    phase,
    phaseEnteredAt: at,
    phaseHistory: [{ phase, enteredAt: event.occurredAt, leftAt: null, cause: event.eventType }],
    startedAt: at,
    completedAt: phase === ProcessPhase.CLOSED_LOST ? at : null,
    lastMovedAt: at,
  });
  recordProcessEvent(em, process, 'process.started', { process: processSnapshot(process) }, event);
  if (phase === ProcessPhase.CLOSED_LOST) recordProcessEvent(em, process, 'process.completed', { process: processSnapshot(process) }, event);
  return process;
}

/**
 * Moves the process when `cause` calls for it (see nextPhase). An event that happened before
 * the last move (a late message from the other topic) does not move it back.
 */
function move(em: EntityManager, process: ProcessInstance, cause: Cause, event: EventEnvelope): void {
  const at = new Date(event.occurredAt);
  if (at < process.lastMovedAt) return;
  const to = nextPhase(process.phase, cause);
  if (!to) return;
  const from = process.phase;
  process.phaseHistory = [
    ...process.phaseHistory.map((entry) => (entry.leftAt === null ? { ...entry, leftAt: event.occurredAt } : entry)),
    { phase: to, enteredAt: event.occurredAt, leftAt: null, cause: event.eventType },
  ];
  process.phase = to;
  process.phaseEnteredAt = at;
  process.lastMovedAt = at;
  process.completedAt = to === ProcessPhase.CLOSED_LOST ? at : null;
  recordProcessEvent(em, process, 'process.phase_changed', { process: processSnapshot(process), from, to }, event);
  if (to === ProcessPhase.CLOSED_LOST) recordProcessEvent(em, process, 'process.completed', { process: processSnapshot(process) }, event);
}

const lockedProcessOf = (em: EntityManager, dealId: string) => em.findOne(ProcessInstance, { dealId }, { lockMode: LockMode.PESSIMISTIC_WRITE });

/** Every deal event carries the deal's snapshot: it starts the process or moves it to the stage's phase. */
async function onDealEvent(em: EntityManager, event: EventEnvelope): Promise<void> {
  const { deal } = event.data as EventData<'deal.created'>;
  const phase = phaseOfStage[deal.stage]!;
  const process = await lockedProcessOf(em, deal.id);
  if (!process) start(em, event, deal.id, deal.ownerId, phase);
  else {
    process.ownerId = deal.ownerId;
    move(em, process, { kind: 'stage', phase }, event);
  }
  await em.flush();
}

/** Contract milestones move the deal's process; the first one starts it if no deal event came yet. */
async function onContractEvent(em: EntityManager, event: EventEnvelope): Promise<void> {
  const { contract } = event.data as EventData<'contract.drafted'>;
  const phase = phaseOfContractEvent[event.eventType]!;
  const process = await lockedProcessOf(em, contract.dealId);
  if (!process) start(em, event, contract.dealId, null, phase);
  else move(em, process, { kind: 'contract', phase }, event);
  await em.flush();
}

/** `workflows.process`: deal and contract events -> one ProcessInstance per deal. */
export const processProjection: ProjectionDefinition = {
  name: 'workflows.process',
  topics: [topics.deal, topics.contract],
  /** A rebuild recomputes every process; the events it writes again carry versions consumers already hold, so they drop them. */
  tables: ['process_instance'],
  handlers: {
    'deal.created': onDealEvent,
    'deal.updated': onDealEvent,
    'deal.stage_changed': onDealEvent,
    'deal.won': onDealEvent,
    'deal.lost': onDealEvent,
    'deal.reopened': onDealEvent,
    ...Object.fromEntries(Object.keys(phaseOfContractEvent).map((type) => [type, onContractEvent])),
  },
};
