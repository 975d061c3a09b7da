import { registerEnumType } from 'type-graphql';

/** The phases of a deal's process, in the order a healthy deal goes through them. */
export enum ProcessPhase {
  QUALIFICATION = 'QUALIFICATION',
  DISCOVERY = 'DISCOVERY',
  PROPOSAL = 'PROPOSAL',
  APPROVAL = 'APPROVAL',
  NEGOTIATION = 'NEGOTIATION',
  CONTRACTING = 'CONTRACTING',
  IMPLEMENTATION = 'IMPLEMENTATION',
  ONBOARDING = 'ONBOARDING',
  MONITORING = 'MONITORING',
  EXPANSION = 'EXPANSION',
  CLOSED_LOST = 'CLOSED_LOST',
}
registerEnumType(ProcessPhase, {
  name: 'ProcessPhase',
  description: "Phase of a deal's process (QUALIFICATION ... EXPANSION, or CLOSED_LOST).",
});

/** Deal stage -> phase. LEAD has no phase of its own: a new deal is being qualified. */
export const phaseOfStage: Readonly<Record<string, ProcessPhase>> = {
  LEAD: ProcessPhase.QUALIFICATION,
  QUALIFICATION: ProcessPhase.QUALIFICATION,
  DISCOVERY: ProcessPhase.DISCOVERY,
  PROPOSAL: ProcessPhase.PROPOSAL,
  NEGOTIATION: ProcessPhase.NEGOTIATION,
  CLOSED_WON: ProcessPhase.CONTRACTING,
  CLOSED_LOST: ProcessPhase.CLOSED_LOST,
};

/**
 * Contract milestone -> phase. An approved contract goes on to signature, which is
 * CONTRACTING; a rejected one goes back to NEGOTIATION (it returns to DRAFT).
 */
export const phaseOfContractEvent: Readonly<Record<string, ProcessPhase>> = {
  'contract.approval_requested': ProcessPhase.APPROVAL,
  'contract.approved': ProcessPhase.CONTRACTING,
  'contract.rejected': ProcessPhase.NEGOTIATION,
  'contract.signed': ProcessPhase.IMPLEMENTATION,
  'contract.activated': ProcessPhase.ONBOARDING,
};

/** Phases reached only once the contract is signed: the deal's stage no longer drives them. */
const afterSignature: ReadonlySet<ProcessPhase> = new Set([
  ProcessPhase.IMPLEMENTATION,
  ProcessPhase.ONBOARDING,
  ProcessPhase.MONITORING,
  ProcessPhase.EXPANSION,
]);
const rank = (phase: ProcessPhase) => Object.values(ProcessPhase).indexOf(phase);

/**
 * The phase a process moves to when `cause` happens in `current`, or null when it stays.
 * - A deal stage moves it (forwards, or back one stage as deals may) until the contract is
 *   signed; after that the deal's stage (e.g. the CLOSED_WON that follows signing) is history.
 * - A contract milestone moves it, except back from a later post-signature phase
 *   (a late `contract.signed` never undoes ONBOARDING).
 */
export function nextPhase(
  current: ProcessPhase,
  cause: { kind: 'stage' | 'contract'; phase: ProcessPhase },
): ProcessPhase | null {
  if (cause.phase === current) return null;
  if (cause.kind === 'stage') return afterSignature.has(current) ? null : cause.phase;
  if (afterSignature.has(current) && (!afterSignature.has(cause.phase) || rank(cause.phase) < rank(current)))
    return null;
  return cause.phase;
}
