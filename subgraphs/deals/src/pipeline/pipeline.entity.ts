import { Entity, Property } from '@mikro-orm/decorators/legacy';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { TenantScopedEntity } from '@salesgraph/orm';
import { MoneyScalar } from '@salesgraph/subgraph';
import { DealStage } from '../deal/deal-stage.js';

@ObjectType({ description: 'Deal count and values of a set of deals. Weighted value = Σ value × probability, rounded to cents once.' })
export class PipelineTotals {
  @Field(() => Int)
  count!: number;

  @Field(() => MoneyScalar, { description: 'Sum of estimated annual values.' })
  totalValue!: string;

  @Field(() => MoneyScalar, { description: 'Sum of value × probability / 100, computed exactly and rounded half-up to cents.' })
  weightedValue!: string;
}

@ObjectType({ description: 'The deals of one stage.' })
export class PipelineStageTotals extends PipelineTotals {
  @Field(() => DealStage)
  stage!: DealStage;
}

/** The tenant's pipeline as of its last change (the state its last `pipeline.summary_changed` carried). */
@Directive('@key(fields: "id")')
@ObjectType({ description: 'The tenant\'s pipeline: per stage and in total. One per tenant; id = uuid v5 of the tenant.' })
export class PipelineSummary {
  @Field(() => ID)
  id!: string;

  @Field(() => Int, { description: 'Increases with every change (the aggregateVersion of pipeline.summary_changed); 0 before the first deal.' })
  version!: number;

  @Field(() => [PipelineStageTotals], { description: 'Every stage, in pipeline order (zeros included).' })
  stages!: PipelineStageTotals[];

  @Field(() => PipelineTotals, { description: 'All deals, closed ones included (the sum of `stages`).' })
  totals!: PipelineTotals;

  @Field(() => PipelineTotals, { description: 'Open deals only (LEAD to NEGOTIATION).' })
  openTotals!: PipelineTotals;

  @Field(() => Date, { nullable: true, description: 'When the pipeline last changed; null before the first deal.' })
  changedAt!: Date | null;
}

/** Internal: the per-tenant row that holds the summary and serialises pipeline changes (locked `for update`). */
@Entity({ tableName: 'pipeline' })
export class PipelineRow extends TenantScopedEntity {
  @Property({ type: 'json' })
  stages!: PipelineStageTotals[];

  @Property({ type: 'json' })
  totals!: PipelineTotals;

  @Property({ type: 'json' })
  openTotals!: PipelineTotals;
}
