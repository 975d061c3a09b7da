import type { Opt } from '@mikro-orm/core';
import { Embedded, Entity, Enum, Index, Property } from '@mikro-orm/decorators/legacy';
import { Directive, Field, Int, ObjectType } from 'type-graphql';
import { TenantScopedEntity } from '@salesgraph/orm';
import { LocalDateScalar, MoneyScalar, Public, RequiresScopes } from '@salesgraph/subgraph';
import { DealStage, PlanType } from './deal-stage.js';
import { DealMeddic } from './deal.meddic.js';

@ObjectType({ description: 'One move of a deal between stages.' })
@Public()
export class StageChange {
  @Field(() => DealStage, { nullable: true })
  @Public()
  from!: DealStage | null;

  @Field(() => DealStage)
  @Public()
  to!: DealStage;

  @Field(() => Date)
  @Public()
  at!: Date;

  @Field(() => String)
  by!: string;
}

/** A sales opportunity for one company, moving through the pipeline. */
@Directive('@key(fields: "id")')
@ObjectType()
@Entity({ tableName: 'deal' })
@Index({ properties: ['tenantId', 'companyId'] })
@Index({ properties: ['tenantId', 'ownerId'] })
@Index({ properties: ['tenantId', 'createdAt', 'id'] })
@Index({ properties: ['tenantId', 'stage'] })
@Index({ properties: ['tenantId', 'expectedCloseDate'] })
@Public()
@RequiresScopes('deals:read')
export class Deal extends TenantScopedEntity {
  @Property({ type: 'uuid' })
  companyId!: string;

  @Field(() => String, { description: 'The sales rep who owns the deal.' })
  @Property({ type: 'string', length: 128 })
  ownerId!: string;

  @Field(() => String)
  @Property({ type: 'text' })
  @Public()
  title!: string;

  @Field(() => DealStage)
  @Enum({ items: () => DealStage })
  @Public()
  stage: DealStage = DealStage.LEAD;

  @Field(() => MoneyScalar, { description: 'Estimated annual value (BRL).' })
  @Property({ type: 'decimal', precision: 14, scale: 2 })
  @Public()
  estimatedValue!: string;

  @Field(() => Int)
  @Property({ type: 'integer' })
  @Public()
  estimatedLives!: number;

  @Field(() => PlanType, { nullable: true })
  @Enum({ items: () => PlanType, nullable: true })
  @Public()
  planType: PlanType | null = null;

  @Field(() => LocalDateScalar, { nullable: true })
  @Property({ type: 'date', nullable: true })
  @Public()
  expectedCloseDate: string | null = null;

  /** Set only when the deal overrides its stage's default probability. */
  @Property({ type: 'integer', nullable: true })
  probabilityOverride: number | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  @Public()
  lostReason: string | null = null;

  @Field(() => [StageChange], { description: 'Every move, oldest first (the first entry is the creation in LEAD).' })
  @Property({ type: 'json' })
  @Public()
  stageHistory: StageChange[] = [];

  @Field(() => DealMeddic)
  @Embedded(() => DealMeddic, { prefix: 'meddic_' })
  @Public()
  meddic: Opt<DealMeddic> = new DealMeddic();

  /** aggregateVersion of the deal's last event (one change may emit several events). Internal. */
  @Property({ type: 'integer', default: 0 })
  eventSequence: Opt<number> = 0;
}
