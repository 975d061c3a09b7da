import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DealStage } from './deal-stage.js';
import { checkMove, type MoveFacts } from './deal.rules.js';
import { DealMeddic, meddicScore } from './deal.meddic.js';

const ready: MoveFacts = { canReopen: false, meddicScore: 100, economicBuyers: 1, champions: 1, lostReason: 'Preço' };
const outcome = (from: DealStage, to: DealStage, facts: Partial<MoveFacts> = {}) => {
  const check = checkMove(from, to, { ...ready, ...facts });
  return 'problem' in check ? check.problem.reason : check.kind;
};
const { LEAD, QUALIFICATION, DISCOVERY, PROPOSAL, NEGOTIATION, CLOSED_WON, CLOSED_LOST } = DealStage;

describe('deal stage rules', () => {
  it('accepts every forward move, one back step, and nothing else between open stages', () => {
    const open = [LEAD, QUALIFICATION, DISCOVERY, PROPOSAL, NEGOTIATION];
    for (const [i, from] of open.entries()) {
      for (const [j, to] of open.entries()) {
        const expected = j > i ? 'forward' : j === i - 1 ? 'back' : 'INVALID_TRANSITION';
        assert.equal(outcome(from, to), expected, `${from} -> ${to}`);
      }
      assert.equal(outcome(from, CLOSED_WON), 'forward');
      assert.equal(outcome(from, CLOSED_LOST), 'forward');
    }
  });

  it('keeps closed stages terminal unless a manager reopens into an open stage', () => {
    for (const closed of [CLOSED_WON, CLOSED_LOST]) {
      assert.equal(outcome(closed, NEGOTIATION), 'TERMINAL_STAGE');
      assert.equal(outcome(closed, LEAD, { canReopen: true }), 'reopen');
      assert.equal(outcome(closed, NEGOTIATION, { canReopen: true }), 'reopen');
    }
    assert.equal(outcome(CLOSED_WON, CLOSED_LOST, { canReopen: true }), 'INVALID_TRANSITION');
    assert.equal(outcome(CLOSED_LOST, CLOSED_WON, { canReopen: true }), 'INVALID_TRANSITION');
    assert.equal(outcome(CLOSED_LOST, CLOSED_LOST, { canReopen: true }), 'INVALID_TRANSITION');
  });

  it('gates PROPOSAL, and every skip past it towards a win, on a meddicScore of 50', () => {
    assert.equal(outcome(DISCOVERY, PROPOSAL, { meddicScore: 49 }), 'MEDDIC_SCORE_TOO_LOW');
    assert.equal(outcome(DISCOVERY, PROPOSAL, { meddicScore: 50 }), 'forward');
    assert.equal(outcome(LEAD, NEGOTIATION, { meddicScore: 49 }), 'MEDDIC_SCORE_TOO_LOW');
    assert.equal(outcome(QUALIFICATION, CLOSED_WON, { meddicScore: 49 }), 'MEDDIC_SCORE_TOO_LOW');
    assert.equal(
      outcome(NEGOTIATION, PROPOSAL, { meddicScore: 49 }),
      'MEDDIC_SCORE_TOO_LOW',
      'entering PROPOSAL from above too',
    );
    assert.equal(outcome(PROPOSAL, NEGOTIATION, { meddicScore: 0 }), 'forward');
    assert.equal(outcome(LEAD, CLOSED_LOST, { meddicScore: 0 }), 'forward', 'losing needs no qualification');
    assert.equal(outcome(CLOSED_WON, NEGOTIATION, { canReopen: true, meddicScore: 0 }), 'reopen');
  });

  it('needs an economic buyer and a champion to win, and a reason to lose', () => {
    assert.equal(outcome(NEGOTIATION, CLOSED_WON, { economicBuyers: 0 }), 'MISSING_ECONOMIC_BUYER');
    assert.equal(outcome(NEGOTIATION, CLOSED_WON, { champions: 0 }), 'MISSING_CHAMPION');
    assert.equal(outcome(NEGOTIATION, CLOSED_WON, { economicBuyers: 0, champions: 0 }), 'MISSING_ECONOMIC_BUYER');
    assert.equal(outcome(NEGOTIATION, CLOSED_LOST, { lostReason: null }), 'LOST_REASON_REQUIRED');
  });
});

describe('meddicScore', () => {
  const scored = (parts: number[]) =>
    meddicScore(
      Object.assign(
        new DealMeddic(),
        Object.fromEntries(
          ['metrics', 'economicBuyer', 'decisionCriteria', 'decisionProcess', 'identifyPain', 'champion'].map(
            (part, index) => [part, parts[index]],
          ),
        ),
      ),
    );

  it('is round(sum / 30 × 100): 0, 3 for 1, 7 for 2, 47 for 14, 50 for 15, 100 for 30', () => {
    assert.deepEqual(
      [
        scored([0, 0, 0, 0, 0, 0]),
        scored([1, 0, 0, 0, 0, 0]),
        scored([1, 1, 0, 0, 0, 0]),
        scored([3, 3, 2, 2, 2, 2]),
        scored([3, 3, 3, 2, 2, 2]),
        scored([5, 5, 5, 5, 5, 5]),
      ],
      [0, 3, 7, 47, 50, 100],
    );
  });
});
