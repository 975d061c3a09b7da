import { badInput } from '@salesgraph/errors';
import { isManagerOrAbove } from '@salesgraph/auth';
import { refuse, type WriteRequest } from '@salesgraph/write';
import { AccountSummary } from '../account-summary/account-summary.entity.js';
import type { Deal } from './deal.entity.js';
import type { MoveDealStageInput } from './deal.inputs.js';
import type { DealResult } from './deal.results.js';
import { DealStage } from './deal-stage.js';
import { meddicScore } from './deal.meddic.js';
import { checkMove } from './deal.rules.js';
import { dealSnapshot, type DealEvent } from './deal.events.js';
import { changeDeal } from './deal.service.js';
import { optionalText } from './deal.validation.js';

/** The events of one accepted move: stage_changed always, then won, lost or reopened. */
function moveEvents(deal: Deal, from: DealStage, reopened: boolean): DealEvent[] {
  const snapshot = dealSnapshot(deal);
  const events: DealEvent[] = [{ type: 'deal.stage_changed', data: { deal: snapshot, from, to: deal.stage } }];
  if (deal.stage === DealStage.CLOSED_WON) events.push({ type: 'deal.won', data: { deal: snapshot } });
  if (deal.stage === DealStage.CLOSED_LOST)
    events.push({ type: 'deal.lost', data: { deal: snapshot, lostReason: deal.lostReason! } });
  if (reopened) events.push({ type: 'deal.reopened', data: { deal: snapshot, from } });
  return events;
}

/**
 * Moves a deal through the pipeline under the stage rules (deal.rules.ts). A move resets the
 * probability to the new stage's default; a reopen clears the lost reason.
 */
export function moveDealStage(request: WriteRequest, input: MoveDealStageInput): Promise<DealResult> {
  const { identity } = request;
  const lostReason = optionalText('lostReason', input.lostReason, 500);
  if (lostReason && input.stage !== DealStage.CLOSED_LOST)
    throw badInput('lostReason', 'is given only when moving to CLOSED_LOST');
  return changeDeal(request, 'deals.moveDealStage', input, async (tx, deal) => {
    const summary =
      input.stage === DealStage.CLOSED_WON ? await tx.findOne(AccountSummary, { id: deal.companyId }) : null;
    const check = checkMove(deal.stage, input.stage, {
      canReopen: isManagerOrAbove(identity),
      meddicScore: meddicScore(deal.meddic),
      economicBuyers: summary?.economicBuyers ?? 0,
      champions: summary?.champions ?? 0,
      lostReason: lostReason ?? deal.lostReason,
    });
    if ('problem' in check) refuse(check.problem.reason, check.problem.message);
    const from = deal.stage;
    deal.stage = input.stage;
    deal.probabilityOverride = null;
    if (input.stage === DealStage.CLOSED_LOST) deal.lostReason = lostReason ?? deal.lostReason;
    if (check.kind === 'reopen') deal.lostReason = null;
    deal.stageHistory = [...deal.stageHistory, { from, to: input.stage, at: new Date(), by: identity.sub }];
    return moveEvents(deal, from, check.kind === 'reopen');
  });
}
