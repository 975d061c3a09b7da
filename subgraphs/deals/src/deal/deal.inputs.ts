import { Field, ID, InputType, Int } from 'type-graphql';
import { LocalDateScalar, MoneyScalar } from '@salesgraph/subgraph';
import { DealStage, PlanType } from './deal-stage.js';

@InputType()
export class CreateDealInput {
  @Field(() => ID)
  companyId!: string;

  @Field(() => String)
  title!: string;

  @Field(() => MoneyScalar, { description: 'Estimated annual value (BRL).' })
  estimatedValue!: string;

  @Field(() => Int)
  estimatedLives!: number;

  @Field(() => PlanType, { nullable: true })
  planType?: PlanType | null;

  @Field(() => LocalDateScalar, { nullable: true })
  expectedCloseDate?: string | null;

  @Field(() => String, { nullable: true, description: 'Defaults to the caller.' })
  ownerId?: string | null;
}

@InputType()
export class DealFilter {
  @Field(() => String, { nullable: true, description: 'Case-insensitive match on the company\'s legal or trade name.' })
  companyName?: string | null;

  @Field(() => ID, { nullable: true })
  companyId?: string | null;

  @Field(() => [DealStage], { nullable: true })
  stages?: DealStage[] | null;

  @Field(() => String, { nullable: true })
  ownerId?: string | null;
}
