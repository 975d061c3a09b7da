import type { SeedContext } from '../context.js';
import { createDealOperation, moveDealStageOperation, scoreDealOperation } from '../operations.js';
import type { DealStage, DealStep, MeddicScores } from '../plan/tenant-plan.js';
import { accepted, untilProjected, type Problem } from './problem.js';

export interface DealRef {
  readonly id: string;
  readonly version: number;
  readonly stage: DealStage;
  readonly meddicScore: number;
}

type DealResult = { readonly deal: DealRef | null; readonly problem: Problem | null };

export interface CreateDealInput {
  readonly companyId: string;
  readonly title: string;
  readonly estimatedValue: string;
  readonly estimatedLives: number;
  readonly planType?: string;
  readonly expectedCloseDate?: string;
  readonly ownerId?: string;
}

/**
 * Creates a deal. The deals subgraph checks the company in its AccountSummary (fed by company
 * events): until the company has reached it the answer is COMPANY_NOT_FOUND, and it is asked again.
 */
export async function createDeal(context: SeedContext, token: string, input: CreateDealInput): Promise<DealRef> {
  const result = await untilProjected(
    context,
    `the company to reach deals (company ${input.companyId})`,
    ['COMPANY_NOT_FOUND', 'NOT_YET_VISIBLE'],
    async () => {
      const data = await context.client.execute<{ createDeal: DealResult }>(token, createDealOperation, { input });
      return data.createDeal;
    },
  );
  return accepted<DealRef>('createDeal', result, 'deal');
}

export async function scoreDeal(
  context: SeedContext,
  token: string,
  deal: DealRef,
  scores: MeddicScores,
): Promise<DealRef> {
  const data = await context.client.execute<{ scoreDeal: DealResult }>(token, scoreDealOperation, {
    input: { id: deal.id, version: deal.version, ...scores },
  });
  return accepted<DealRef>('scoreDeal', data.scoreDeal, 'deal');
}

/**
 * Moves a deal. CLOSED_WON needs the company's ECONOMIC_BUYER and CHAMPION in the deals
 * subgraph's AccountSummary (fed by contact events): until it has them the move is refused
 * and asked again.
 */
export async function moveDealStage(
  context: SeedContext,
  token: string,
  deal: DealRef,
  stage: DealStage,
  lostReason?: string,
): Promise<DealRef> {
  const result = await untilProjected(
    context,
    `the company's MEDDIC contacts to reach deals (deal ${deal.id})`,
    ['MISSING_ECONOMIC_BUYER', 'MISSING_CHAMPION'],
    async () => {
      const data = await context.client.execute<{ moveDealStage: DealResult }>(token, moveDealStageOperation, {
        input: { id: deal.id, version: deal.version, stage, ...(lostReason ? { lostReason } : {}) },
      });
      return data.moveDealStage;
    },
  );
  return accepted<DealRef>('moveDealStage', result, 'deal');
}

/** Plays a deal's planned steps (scores and moves) in order. */
export async function playDealSteps(
  context: SeedContext,
  token: string,
  deal: DealRef,
  steps: readonly DealStep[],
): Promise<DealRef> {
  let current = deal;
  for (const step of steps) {
    current =
      'score' in step
        ? await scoreDeal(context, token, current, step.score)
        : await moveDealStage(context, token, current, step.move, step.lostReason);
  }
  return current;
}
