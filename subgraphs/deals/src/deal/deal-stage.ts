import { registerEnumType } from 'type-graphql';

export enum DealStage {
  LEAD = 'LEAD',
  QUALIFICATION = 'QUALIFICATION',
  DISCOVERY = 'DISCOVERY',
  PROPOSAL = 'PROPOSAL',
  NEGOTIATION = 'NEGOTIATION',
  CLOSED_WON = 'CLOSED_WON',
  CLOSED_LOST = 'CLOSED_LOST',
}
registerEnumType(DealStage, { name: 'DealStage', description: 'Pipeline stages, in order.' });

export const stageOrder: readonly DealStage[] = Object.values(DealStage);

export const openStages: readonly DealStage[] = [
  DealStage.LEAD,
  DealStage.QUALIFICATION,
  DealStage.DISCOVERY,
  DealStage.PROPOSAL,
  DealStage.NEGOTIATION,
];

export function isClosed(stage: DealStage): boolean {
  return stage === DealStage.CLOSED_WON || stage === DealStage.CLOSED_LOST;
}

/** Position in the pipeline; both closed stages share the last position (neither follows the other). */
export function stageRank(stage: DealStage): number {
  return isClosed(stage) ? openStages.length : openStages.indexOf(stage);
}

/** Default win probability (%) of each stage, used unless the deal sets its own. */
export const defaultProbability: Readonly<Record<DealStage, number>> = {
  LEAD: 5,
  QUALIFICATION: 10,
  DISCOVERY: 20,
  PROPOSAL: 40,
  NEGOTIATION: 60,
  CLOSED_WON: 100,
  CLOSED_LOST: 0,
};

/** Defined once for the graph (packages/subgraph); re-exported where deals uses it. */
export { PlanType } from '@salesgraph/subgraph';
