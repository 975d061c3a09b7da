import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ProcessPhase as P, nextPhase, phaseOfContractEvent, phaseOfStage } from './process-phase.js';

describe("workflows: the phase of a deal's process", () => {
  it('maps every deal stage to its phase', () => {
    assert.deepEqual(phaseOfStage, {
      LEAD: P.QUALIFICATION,
      QUALIFICATION: P.QUALIFICATION,
      DISCOVERY: P.DISCOVERY,
      PROPOSAL: P.PROPOSAL,
      NEGOTIATION: P.NEGOTIATION,
      CLOSED_WON: P.CONTRACTING,
      CLOSED_LOST: P.CLOSED_LOST,
    });
  });

  it('maps contract milestones to APPROVAL, CONTRACTING, NEGOTIATION, IMPLEMENTATION and ONBOARDING', () => {
    assert.equal(phaseOfContractEvent['contract.approval_requested'], P.APPROVAL);
    assert.equal(phaseOfContractEvent['contract.approved'], P.CONTRACTING);
    assert.equal(phaseOfContractEvent['contract.rejected'], P.NEGOTIATION);
    assert.equal(phaseOfContractEvent['contract.signed'], P.IMPLEMENTATION);
    assert.equal(phaseOfContractEvent['contract.activated'], P.ONBOARDING);
  });

  it('follows deal stages forwards and back until the contract is signed', () => {
    assert.equal(nextPhase(P.QUALIFICATION, { kind: 'stage', phase: P.DISCOVERY }), P.DISCOVERY);
    assert.equal(nextPhase(P.PROPOSAL, { kind: 'stage', phase: P.DISCOVERY }), P.DISCOVERY);
    assert.equal(nextPhase(P.APPROVAL, { kind: 'stage', phase: P.CONTRACTING }), P.CONTRACTING);
    assert.equal(nextPhase(P.NEGOTIATION, { kind: 'stage', phase: P.NEGOTIATION }), null);
    assert.equal(nextPhase(P.IMPLEMENTATION, { kind: 'stage', phase: P.CONTRACTING }), null);
    assert.equal(nextPhase(P.ONBOARDING, { kind: 'stage', phase: P.CLOSED_LOST }), null);
  });

  it('never lets a contract milestone undo a later post-signature phase', () => {
    assert.equal(nextPhase(P.NEGOTIATION, { kind: 'contract', phase: P.APPROVAL }), P.APPROVAL);
    assert.equal(nextPhase(P.IMPLEMENTATION, { kind: 'contract', phase: P.ONBOARDING }), P.ONBOARDING);
    assert.equal(nextPhase(P.ONBOARDING, { kind: 'contract', phase: P.IMPLEMENTATION }), null);
    assert.equal(nextPhase(P.IMPLEMENTATION, { kind: 'contract', phase: P.APPROVAL }), null);
  });
});
