import { Embeddable, Property } from '@mikro-orm/decorators/legacy';
import { Field, Int, ObjectType } from 'type-graphql';
import { Public } from '@salesgraph/subgraph';

/** The six MEDDIC sub-scores of a deal, each 0–5 (stored as `meddic_*` columns of the deal). */
@Embeddable()
@ObjectType({ description: 'MEDDIC qualification: six sub-scores, each 0 (unknown) to 5 (fully qualified).' })
@Public()
export class DealMeddic {
  @Field(() => Int)
  @Property({ type: 'smallint' })
  @Public()
  metrics: number = 0;

  @Field(() => Int)
  @Property({ type: 'smallint' })
  @Public()
  economicBuyer: number = 0;

  @Field(() => Int)
  @Property({ type: 'smallint' })
  @Public()
  decisionCriteria: number = 0;

  @Field(() => Int)
  @Property({ type: 'smallint' })
  @Public()
  decisionProcess: number = 0;

  @Field(() => Int)
  @Property({ type: 'smallint' })
  @Public()
  identifyPain: number = 0;

  @Field(() => Int)
  @Property({ type: 'smallint' })
  @Public()
  champion: number = 0;
}

export const meddicParts = [
  'metrics',
  'economicBuyer',
  'decisionCriteria',
  'decisionProcess',
  'identifyPain',
  'champion',
] as const;

export const MEDDIC_PART_MAX = 5;

/** Entering PROPOSAL needs at least this score. */
export const PROPOSAL_MIN_MEDDIC_SCORE = 50;

/**
 * 0–100 = round(sum / 30 × 100), in integers: round(sum × 10 / 3). A third never ends in .5,
 * so there is no tie to break. Reachable scores step by 3–4 points (sum 14 -> 47, 15 -> 50).
 */
export function meddicScore(meddic: DealMeddic): number {
  const sum = meddicParts.reduce((total, part) => total + meddic[part], 0);
  return Math.round((sum * 10) / 3);
}
