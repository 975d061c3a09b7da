import type { EntityManager } from '@mikro-orm/postgresql';
import { reference, refuse, type WriteRequest } from '@salesgraph/write';
import { AccountSummary } from '../account-summary/account-summary.entity.js';
import { accountSummaryProjection } from '../account-summary/account-summary.projection.js';
import { Deal } from './deal.entity.js';
import type { CreateDealInput, ScoreDealInput, UpdateDealInput } from './deal.inputs.js';
import { DealProblemReason, dealWrites, type DealResult } from './deal.results.js';
import { DealStage, isClosed } from './deal-stage.js';
import { requireDealWriter, requireMayAssign, requireMayChange } from './deal.access.js';
import { dealEvent, dealSnapshot, type DealEvent } from './deal.events.js';
import {
  optionalText,
  requireLives,
  requireMeddicPart,
  requireProbability,
  requireText,
  requireValue,
} from './deal.validation.js';
import { meddicParts } from './deal.meddic.js';

/** The company a deal is for: known from AccountSummary, in the caller's tenant, not erased. */
export const dealCompany = (companyId: string) =>
  reference({
    entity: AccountSummary,
    field: 'companyId',
    id: companyId,
    missing: DealProblemReason.COMPANY_NOT_FOUND,
    noun: 'company',
    projection: accountSummaryProjection.name,
    allows: (company) => {
      if (company.erased) refuse(DealProblemReason.COMPANY_ERASED, 'The company was erased');
    },
  });

/**
 * A change to an existing deal through the frame (loaded FOR UPDATE, version checked): the
 * caller must be allowed to change it, then `rules` say which events it emits (none: no change).
 * The tenant's PipelineSummary is not touched here: the `deals.pipeline-summary` projection
 * follows these events (read-your-writes: `eventId`).
 */
export function changeDeal(
  request: WriteRequest,
  operation: string,
  input: { id: string; version: number },
  rules: (tx: EntityManager, deal: Deal) => Promise<readonly DealEvent[]> | readonly DealEvent[],
): Promise<DealResult> {
  const { identity } = request;
  requireDealWriter(identity);
  return dealWrites.change(request, {
    operation,
    input,
    target: input,
    rules: async (tx, deal) => {
      requireMayChange(identity, deal);
      const events = await rules(tx, deal);
      return { entity: deal, events: events.map((event) => dealEvent(identity, deal, event)) };
    },
  });
}

/** A closed deal is not edited: it must be reopened first. */
export function requireOpen(deal: Deal): void {
  if (isClosed(deal.stage))
    refuse(DealProblemReason.TERMINAL_STAGE, `The deal is ${deal.stage}; reopen it before changing it`);
}

export function createDeal(request: WriteRequest, input: CreateDealInput): Promise<DealResult> {
  const { identity } = request;
  requireDealWriter(identity);
  const title = requireText('title', input.title, 200);
  const estimatedValue = requireValue('estimatedValue', input.estimatedValue);
  const estimatedLives = requireLives('estimatedLives', input.estimatedLives);
  const ownerId = input.ownerId?.trim() ? requireText('ownerId', input.ownerId, 128) : identity.sub;
  requireMayAssign(identity, ownerId);
  return dealWrites.create(request, {
    operation: 'deals.createDeal',
    input,
    references: { company: dealCompany(input.companyId) },
    rules: (tx, { company }) => {
      const deal = tx.create(Deal, {
        tenantId: identity.tenant,
        companyId: company.id,
        ownerId,
        title,
        stage: DealStage.LEAD,
        estimatedValue,
        estimatedLives,
        planType: input.planType ?? null,
        expectedCloseDate: input.expectedCloseDate ?? null,
        stageHistory: [{ from: null, to: DealStage.LEAD, at: new Date(), by: identity.sub }],
      });
      return {
        entity: deal,
        events: [dealEvent(identity, deal, { type: 'deal.created', data: { deal: dealSnapshot(deal) } })],
      };
    },
  });
}

export function updateDeal(request: WriteRequest, input: UpdateDealInput): Promise<DealResult> {
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
  return changeDeal(request, 'deals.updateDeal', input, (_tx, deal) => {
    requireOpen(deal);
    if (next.ownerId !== undefined && next.ownerId !== deal.ownerId) requireMayAssign(request.identity, next.ownerId);
    const changed: string[] = [];
    for (const [key, value] of Object.entries(next) as [keyof typeof next, unknown][]) {
      if (deal[key] === value) continue;
      Object.assign(deal, { [key]: value });
      changed.push(key === 'probabilityOverride' ? 'probability' : key);
    }
    if (changed.length === 0) return [];
    return [{ type: 'deal.updated', data: { deal: dealSnapshot(deal), changed } }];
  });
}

/** Sets all six MEDDIC sub-scores at once (meddicScore follows). */
export function scoreDeal(request: WriteRequest, input: ScoreDealInput): Promise<DealResult> {
  const scores = Object.fromEntries(meddicParts.map((part) => [part, requireMeddicPart(part, input[part])])) as Record<
    (typeof meddicParts)[number],
    number
  >;
  return changeDeal(request, 'deals.scoreDeal', input, (_tx, deal) => {
    requireOpen(deal);
    const changed = meddicParts.filter((part) => deal.meddic[part] !== scores[part]);
    if (changed.length === 0) return [];
    Object.assign(deal.meddic, scores);
    return [
      { type: 'deal.updated', data: { deal: dealSnapshot(deal), changed: changed.map((part) => `meddic.${part}`) } },
    ];
  });
}
