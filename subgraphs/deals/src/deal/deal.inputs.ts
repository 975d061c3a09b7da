import { Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { LocalDateScalar, MoneyScalar } from '@salesgraph/subgraph';
import { Segment } from '../account-summary/segment.js';
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

  @Field(() => String, {
    nullable: true,
    description: 'Defaults to the caller; only a SALES_MANAGER or above may name someone else.',
  })
  ownerId?: string | null;
}

@InputType({ description: 'Omitted fields stay as they are; `null` clears an optional field.' })
export class UpdateDealInput {
  @Field(() => ID)
  id!: string;

  @Field(() => Int, { description: 'The version the client read.' })
  version!: number;

  @Field(() => String, { nullable: true })
  title?: string | null;

  @Field(() => String, { nullable: true, description: 'Reassigns the deal; SALES_MANAGER or above only.' })
  ownerId?: string | null;

  @Field(() => MoneyScalar, { nullable: true })
  estimatedValue?: string | null;

  @Field(() => Int, { nullable: true })
  estimatedLives?: number | null;

  @Field(() => PlanType, { nullable: true })
  planType?: PlanType | null;

  @Field(() => LocalDateScalar, { nullable: true })
  expectedCloseDate?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Win probability (%) overriding the stage default; `null` returns to the default.',
  })
  probability?: number | null;

  @Field(() => String, { nullable: true })
  lostReason?: string | null;
}

@InputType({ description: 'All six MEDDIC sub-scores, each 0–5.' })
export class ScoreDealInput {
  @Field(() => ID)
  id!: string;

  @Field(() => Int, { description: 'The version the client read.' })
  version!: number;

  @Field(() => Int)
  metrics!: number;

  @Field(() => Int)
  economicBuyer!: number;

  @Field(() => Int)
  decisionCriteria!: number;

  @Field(() => Int)
  decisionProcess!: number;

  @Field(() => Int)
  identifyPain!: number;

  @Field(() => Int)
  champion!: number;
}

@InputType()
export class MoveDealStageInput {
  @Field(() => ID)
  id!: string;

  @Field(() => Int, { description: 'The version the client read.' })
  version!: number;

  @Field(() => DealStage)
  stage!: DealStage;

  @Field(() => String, {
    nullable: true,
    description: 'Why the deal was lost (needed for CLOSED_LOST unless already set).',
  })
  lostReason?: string | null;
}

@InputType()
export class DealFilter {
  @Field(() => String, { nullable: true, description: "Case-insensitive match on the company's legal or trade name." })
  companyName?: string | null;

  @Field(() => ID, { nullable: true })
  companyId?: string | null;

  @Field(() => Segment, { nullable: true, description: "The company's segment (from the AccountSummary projection)." })
  segment?: Segment | null;

  @Field(() => [DealStage], { nullable: true })
  stages?: DealStage[] | null;

  @Field(() => String, { nullable: true })
  ownerId?: string | null;
}

export enum DealOrderField {
  CREATED_AT = 'CREATED_AT',
  COMPANY_NAME = 'COMPANY_NAME',
  SEGMENT = 'SEGMENT',
}
registerEnumType(DealOrderField, {
  name: 'DealOrderField',
  valuesConfig: {
    CREATED_AT: { description: 'Creation time, then id.' },
    COMPANY_NAME: {
      description: 'Company legal name (case-insensitive; unknown companies first), then creation time.',
    },
    SEGMENT: {
      description:
        'Company segment by size (SMB, MID, ENTERPRISE; unknown last), then company name, then creation time.',
    },
  },
});

export enum DealOrderDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(DealOrderDirection, { name: 'DealOrderDirection' });

@InputType()
export class DealOrder {
  @Field(() => DealOrderField, { defaultValue: DealOrderField.CREATED_AT })
  field: DealOrderField = DealOrderField.CREATED_AT;

  @Field(() => DealOrderDirection, { defaultValue: DealOrderDirection.ASC })
  direction: DealOrderDirection = DealOrderDirection.ASC;
}
