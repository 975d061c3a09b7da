import { DealStage, isClosed, stageRank } from './deal-stage.js';
import { PROPOSAL_MIN_MEDDIC_SCORE } from './deal.meddic.js';
import { DealProblemReason } from './deal.results.js';

/** What the stage rules need to know besides the two stages. */
export interface MoveFacts {
  /** SALES_MANAGER or above: may reopen a closed deal. */
  readonly canReopen: boolean;
  readonly meddicScore: number;
  /** ECONOMIC_BUYER / CHAMPION contacts of the company (AccountSummary projection). */
  readonly economicBuyers: number;
  readonly champions: number;
  /** The reason the deal would be lost with (from the move or already on the deal). */
  readonly lostReason: string | null;
}

export type MoveKind = 'forward' | 'back' | 'reopen';

export type MoveCheck =
  | { readonly kind: MoveKind }
  | { readonly problem: { readonly reason: DealProblemReason; readonly message: string } };

const refuse = (reason: DealProblemReason, message: string): MoveCheck => ({ problem: { reason, message } });

function kindOf(from: DealStage, to: DealStage, canReopen: boolean): MoveCheck {
  if (from === to) return refuse(DealProblemReason.INVALID_TRANSITION, `The deal is already in ${to}`);
  if (isClosed(from)) {
    if (!canReopen)
      return refuse(
        DealProblemReason.TERMINAL_STAGE,
        `${from} is terminal: only a SALES_MANAGER or above may reopen the deal`,
      );
    if (isClosed(to))
      return refuse(DealProblemReason.INVALID_TRANSITION, `A closed deal reopens into an open stage, not ${to}`);
    return { kind: 'reopen' };
  }
  const step = stageRank(to) - stageRank(from);
  if (step > 0) return { kind: 'forward' };
  if (step === -1) return { kind: 'back' };
  return refuse(
    DealProblemReason.INVALID_TRANSITION,
    `A deal moves back one stage at most (${from} -> ${to} is ${-step} stages)`,
  );
}

/** Entering PROPOSAL, or skipping past it from an earlier stage towards a win, needs the MEDDIC score. */
function needsMeddic(from: DealStage, to: DealStage): boolean {
  if (to === DealStage.PROPOSAL) return true;
  const pastProposal = to === DealStage.NEGOTIATION || to === DealStage.CLOSED_WON;
  return pastProposal && stageRank(from) < stageRank(DealStage.PROPOSAL);
}

/**
 * The stage rules of DOMAIN.md as one pure function: forward one or more stages, back exactly
 * one, CLOSED_* terminal unless a manager reopens into an open stage; then the entry gates.
 */
export function checkMove(from: DealStage, to: DealStage, facts: MoveFacts): MoveCheck {
  const move = kindOf(from, to, facts.canReopen);
  if ('problem' in move) return move;
  if (needsMeddic(from, to) && facts.meddicScore < PROPOSAL_MIN_MEDDIC_SCORE) {
    return refuse(
      DealProblemReason.MEDDIC_SCORE_TOO_LOW,
      `${to} needs a meddicScore of at least ${PROPOSAL_MIN_MEDDIC_SCORE} (the deal has ${facts.meddicScore})`,
    );
  }
  if (to === DealStage.CLOSED_WON) {
    if (facts.economicBuyers < 1)
      return refuse(
        DealProblemReason.MISSING_ECONOMIC_BUYER,
        'CLOSED_WON needs an ECONOMIC_BUYER contact on the company',
      );
    if (facts.champions < 1)
      return refuse(DealProblemReason.MISSING_CHAMPION, 'CLOSED_WON needs a CHAMPION contact on the company');
  }
  if (to === DealStage.CLOSED_LOST && !facts.lostReason)
    return refuse(DealProblemReason.LOST_REASON_REQUIRED, 'CLOSED_LOST needs a lostReason');
  return move;
}
