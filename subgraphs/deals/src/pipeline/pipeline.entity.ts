import { Entity, Enum, Index, Property } from '@mikro-orm/decorators/legacy';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { TenantScopedEntity } from '@salesgraph/orm';
import { MoneyScalar, Public, RequiresScopes } from '@salesgraph/subgraph';
import { DealStage } from '../deal/deal-stage.js';

@ObjectType({
  description:
    'Deal count and values of a set of deals. Weighted value = Σ value × probability, rounded to cents once.',
})
@Public()
export class PipelineTotals {
  @Field(() => Int)
  @Public()
  count!: number;

  @Field(() => MoneyScalar, { description: 'Sum of estimated annual values.' })
  @Public()
  totalValue!: string;

  @Field(() => MoneyScalar, {
    description: 'Sum of value × probability / 100, computed exactly and rounded half-up to cents.',
  })
  @Public()
  weightedValue!: string;
}

@ObjectType({ description: 'The deals of one stage.' })
@Public()
export class PipelineStageTotals extends PipelineTotals {
  @Field(() => DealStage)
  @Public()
  stage!: DealStage;
}

/** The tenant's pipeline as the `deals.pipeline-summary` projection holds it. */
@Directive('@key(fields: "id")')
@ObjectType({
  description: "The tenant's pipeline: per stage and in total. One per tenant; id = uuid v5 of the tenant.",
})
@Public()
@RequiresScopes('pipeline:read')
export class PipelineSummary {
  @Field(() => ID)
  @Public()
  id!: string;

  @Field(() => Int, {
    description:
      'Increases with every change (the aggregateVersion of pipeline.summary_changed); 0 before the first deal.',
  })
  @Public()
  version!: number;

  @Field(() => [PipelineStageTotals], { description: 'Every stage, in pipeline order (zeros included).' })
  @Public()
  stages!: PipelineStageTotals[];

  @Field(() => PipelineTotals, { description: 'All deals, closed ones included (the sum of `stages`).' })
  @Public()
  totals!: PipelineTotals;

  @Field(() => PipelineTotals, { description: 'Open deals only (LEAD to NEGOTIATION).' })
  @Public()
  openTotals!: PipelineTotals;

  @Field(() => Date, {
    nullable: true,
    description: 'When the figures last changed (the deal change that moved them); null before the first deal.',
  })
  @Public()
  changedAt!: Date | null;
}

/**
 * Internal: the tenant's pipeline aggregate (id = pipelineIdOf(tenant)). `version` is the
 * aggregateVersion of its last `pipeline.summary_changed`; the row is locked `for update` to
 * serialise the tenant's summary changes. A rebuild does not empty it: consumers drop versions
 * they have seen, so versions must go on increasing after a rebuild.
 */
@Entity({ tableName: 'pipeline' })
export class PipelineRow extends TenantScopedEntity {}

/**
 * Internal, projection `deals.pipeline-summary`: the figures of one deal (id = deal id) as its
 * latest event carried them, at `sourceVersion` (that event's aggregateVersion).
 */
@Entity({ tableName: 'pipeline_deal' })
@Index({ properties: ['tenantId', 'stage'] })
export class PipelineDeal extends TenantScopedEntity {
  @Property({ type: 'integer' })
  sourceVersion!: number;

  @Enum({ items: () => DealStage })
  stage!: DealStage;

  @Property({ type: 'decimal', precision: 14, scale: 2 })
  estimatedValue!: string;

  /** The deal's effective probability (%): its override or its stage's default. */
  @Property({ type: 'integer' })
  probability!: number;
}

/**
 * Internal, projection `deals.pipeline-summary`: the tenant's figures (id = pipelineIdOf(tenant)),
 * computed from its `pipeline_deal` rows. `updatedAt` is when they last changed (the latest
 * occurredAt of a deal event that moved them), so a rebuild restores it too.
 */
@Entity({ tableName: 'pipeline_summary' })
export class PipelineSummaryRow extends TenantScopedEntity {
  @Property({ type: 'json' })
  stages!: PipelineStageTotals[];

  @Property({ type: 'json' })
  totals!: PipelineTotals;

  @Property({ type: 'json' })
  openTotals!: PipelineTotals;
}
