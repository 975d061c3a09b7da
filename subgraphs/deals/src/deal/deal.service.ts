import type { EntityManager } from '@mikro-orm/postgresql';
import { appError } from '@salesgraph/errors';
import type { Identity } from '@salesgraph/auth';
import { isStaleVersion } from '@salesgraph/orm';
import { AccountSummary } from '../account-summary/account-summary.entity.js';
import { Deal } from './deal.entity.js';
import type { CreateDealInput, ScoreDealInput, UpdateDealInput } from './deal.inputs.js';
import { DealProblemReason, dealProblem, type DealResult } from './deal.results.js';
import { DealStage, isClosed } from './deal-stage.js';
import { requireDealWriter, requireMayAssign, requireMayChange } from './deal.access.js';
import { dealSnapshot, recordDealEvent, type DealEvent } from './deal.events.js';
import {
  optionalText,
  requireLives,
  requireMeddicPart,
  requireProbability,
  requireText,
  requireUuid,
  requireValue,
} from './deal.validation.js';
import { meddicParts } from './deal.meddic.js';

/** What a change to one deal amounts to: a business problem, or the events it emits. */
export type DealChange = { readonly problem: DealResult } | { readonly events: readonly DealEvent[] };

/** Thrown inside the transaction to roll back everything when a change ends in a problem. */
class ProblemRollback extends Error {
  constructor(readonly result: DealResult) {
    super(result.problem?.reason);
  }
}

const staleVersion = (version: number) =>
  dealProblem(DealProblemReason.STALE_VERSION, `The deal is at version ${version}; re-read it and retry`);

/**
 * Records the events and flushes. The tenant's PipelineSummary is not touched here: the
 * `deals.pipeline-summary` projection follows these events (read-your-writes: `eventId`).
 */
async function commitChange(
  tx: EntityManager,
  identity: Identity,
  deal: Deal,
  events: readonly DealEvent[],
): Promise<DealResult> {
  const eventIds = events.map((event) => recordDealEvent(tx, identity, deal, event));
  await tx.flush();
  return { deal, problem: null, eventId: eventIds.at(-1) ?? null };
}

/**
 * The frame of every change to an existing deal, in ONE transaction: load it (tenant filter),
 * check access and the client's version, apply, record the deal's events.
 * A problem rolls everything back; a concurrent writer surfaces as STALE_VERSION.
 */
export async function changeDeal(
  em: EntityManager,
  identity: Identity,
  target: { id: string; version: number },
  apply: (tx: EntityManager, deal: Deal) => Promise<DealChange> | DealChange,
): Promise<DealResult> {
  requireDealWriter(identity);
  requireUuid('id', target.id);
  try {
    return await em.transactional(async (tx) => {
      const deal = await tx.findOne(Deal, { id: target.id });
      if (!deal) throw appError('NOT_FOUND', 'Deal not found', { field: 'id' });
      requireMayChange(identity, deal);
      if (deal.version !== target.version) throw new ProblemRollback(staleVersion(deal.version));
      const change = await apply(tx, deal);
      if ('problem' in change) throw new ProblemRollback(change.problem);
      if (change.events.length === 0) return { deal, problem: null, eventId: null };
      return commitChange(tx, identity, deal, change.events);
    });
  } catch (error) {
    if (error instanceof ProblemRollback) return error.result;
    if (isStaleVersion(error))
      return dealProblem(DealProblemReason.STALE_VERSION, 'The deal changed meanwhile; re-read it and retry');
    throw error;
  }
}

/** A closed deal is not edited: it must be reopened first. */
export const terminalProblem = (deal: Deal): DealChange | null =>
  isClosed(deal.stage)
    ? {
        problem: dealProblem(
          DealProblemReason.TERMINAL_STAGE,
          `The deal is ${deal.stage}; reopen it before changing it`,
        ),
      }
    : null;

export async function createDeal(em: EntityManager, identity: Identity, input: CreateDealInput): Promise<DealResult> {
  requireDealWriter(identity);
  const companyId = requireUuid('companyId', input.companyId);
  const title = requireText('title', input.title, 200);
  const estimatedValue = requireValue('estimatedValue', input.estimatedValue);
  const estimatedLives = requireLives('estimatedLives', input.estimatedLives);
  const ownerId = input.ownerId?.trim() ? requireText('ownerId', input.ownerId, 128) : identity.sub;
  requireMayAssign(identity, ownerId);
  return em.transactional(async (tx) => {
    const summary = await tx.findOne(AccountSummary, { id: companyId });
    if (summary?.erased) return dealProblem(DealProblemReason.COMPANY_ERASED, 'The company was erased');
    const deal = tx.create(Deal, {
      tenantId: identity.tenant,
      companyId,
      ownerId,
      title,
      stage: DealStage.LEAD,
      estimatedValue,
      estimatedLives,
      planType: input.planType ?? null,
      expectedCloseDate: input.expectedCloseDate ?? null,
      stageHistory: [{ from: null, to: DealStage.LEAD, at: new Date(), by: identity.sub }],
    });
    return commitChange(tx, identity, deal, [{ type: 'deal.created', data: { deal: dealSnapshot(deal) } }]);
  });
}

export async function updateDeal(em: EntityManager, identity: Identity, input: UpdateDealInput): Promise<DealResult> {
  const next: Partial<
    Pick<
      Deal,
      | 'title'
      | 'ownerId'
      | 'estimatedValue'
      | 'estimatedLives'
      | 'planType'
      | 'expectedCloseDate'
      | 'probabilityOverride'
      | 'lostReason'
    >
  > = {};
  if (input.title !== undefined) next.title = requireText('title', input.title, 200);
  if (input.ownerId !== undefined) next.ownerId = requireText('ownerId', input.ownerId, 128);
  if (input.estimatedValue !== undefined) next.estimatedValue = requireValue('estimatedValue', input.estimatedValue);
  if (input.estimatedLives !== undefined) next.estimatedLives = requireLives('estimatedLives', input.estimatedLives);
  if (input.planType !== undefined) next.planType = input.planType;
  if (input.expectedCloseDate !== undefined) next.expectedCloseDate = input.expectedCloseDate;
  if (input.probability !== undefined)
    next.probabilityOverride = input.probability === null ? null : requireProbability('probability', input.probability);
  if (input.lostReason !== undefined) next.lostReason = optionalText('lostReason', input.lostReason, 500);
  return changeDeal(em, identity, input, (_tx, deal) => {
    const terminal = terminalProblem(deal);
    if (terminal) return terminal;
    if (next.ownerId !== undefined && next.ownerId !== deal.ownerId) requireMayAssign(identity, next.ownerId);
    const changed: string[] = [];
    for (const [key, value] of Object.entries(next) as [keyof typeof next, unknown][]) {
      if (deal[key] === value) continue;
      Object.assign(deal, { [key]: value });
      changed.push(key === 'probabilityOverride' ? 'probability' : key);
    }
    if (changed.length === 0) return { events: [] };
    return { events: [{ type: 'deal.updated', data: { deal: dealSnapshot(deal), changed } }] };
  });
}

/** Sets all six MEDDIC sub-scores at once (meddicScore follows). */
export async function scoreDeal(em: EntityManager, identity: Identity, input: ScoreDealInput): Promise<DealResult> {
  const scores = Object.fromEntries(meddicParts.map((part) => [part, requireMeddicPart(part, input[part])])) as Record<
    (typeof meddicParts)[number],
    number
  >;
  return changeDeal(em, identity, input, (_tx, deal) => {
    const terminal = terminalProblem(deal);
    if (terminal) return terminal;
    const changed = meddicParts.filter((part) => deal.meddic[part] !== scores[part]);
    if (changed.length === 0) return { events: [] };
    Object.assign(deal.meddic, scores);
    return {
      events: [
        { type: 'deal.updated', data: { deal: dealSnapshot(deal), changed: changed.map((part) => `meddic.${part}`) } },
      ],
    };
  });
}
