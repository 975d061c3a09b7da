import { Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { LocalDateScalar, MoneyScalar, Public, Segment } from '@salesgraph/subgraph';
import { DealStage, PlanType } from './deal-stage.js';

@InputType()
@Public()
export class CreateDealInput {
  @Field(() => ID)
  @Public()
  companyId!: string;

  @Field(() => String)
  @Public()
  title!: string;

  @Field(() => MoneyScalar, { description: 'Estimated annual value (BRL).' })
  @Public()
  estimatedValue!: string;

  @Field(() => Int)
  @Public()
  estimatedLives!: number;

  @Field(() => PlanType, { nullable: true })
  @Public()
  planType?: PlanType | null;

  @Field(() => LocalDateScalar, { nullable: true })
  @Public()
  expectedCloseDate?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Defaults to the caller; only a SALES_MANAGER or above may name someone else.',
  })
  ownerId?: string | null;
}

/** The deal a change is for, and the version the client read (a stale version is refused). */
@InputType()
abstract class DealChangeInput {
  @Field(() => ID)
  @Public()
  id!: string;

  @Field(() => Int, { description: 'The version the client read.' })
  @Public()
  version!: number;
}

@InputType({ description: 'Omitted fields stay as they are; `null` clears an optional field.' })
@Public()
export class UpdateDealInput extends DealChangeInput {
  @Field(() => String, { nullable: true })
  @Public()
  title?: string | null;

  @Field(() => String, { nullable: true, description: 'Reassigns the deal; SALES_MANAGER or above only.' })
  ownerId?: string | null;

  @Field(() => MoneyScalar, { nullable: true })
  @Public()
  estimatedValue?: string | null;

  @Field(() => Int, { nullable: true })
  @Public()
  estimatedLives?: number | null;

  @Field(() => PlanType, { nullable: true })
  @Public()
  planType?: PlanType | null;

  @Field(() => LocalDateScalar, { nullable: true })
  @Public()
  expectedCloseDate?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Win probability (%) overriding the stage default; `null` returns to the default.',
  })
  @Public()
  probability?: number | null;

  @Field(() => String, { nullable: true })
  @Public()
  lostReason?: string | null;
}

@InputType({ description: 'All six MEDDIC sub-scores, each 0–5.' })
@Public()
export class ScoreDealInput extends DealChangeInput {
  @Field(() => Int)
  @Public()
  metrics!: number;

  @Field(() => Int)
  @Public()
  economicBuyer!: number;

  @Field(() => Int)
  @Public()
  decisionCriteria!: number;

  @Field(() => Int)
  @Public()
  decisionProcess!: number;

  @Field(() => Int)
  @Public()
  identifyPain!: number;

  @Field(() => Int)
  @Public()
  champion!: number;
}

@InputType()
@Public()
export class MoveDealStageInput extends DealChangeInput {
  @Field(() => DealStage)
  @Public()
  stage!: DealStage;

  @Field(() => String, {
    nullable: true,
    description: 'Why the deal was lost (needed for CLOSED_LOST unless already set).',
  })
  @Public()
  lostReason?: string | null;
}

@InputType()
@Public()
export class DealFilter {
  @Field(() => String, { nullable: true, description: "Case-insensitive match on the company's legal or trade name." })
  @Public()
  companyName?: string | null;

  @Field(() => ID, { nullable: true })
  @Public()
  companyId?: string | null;

  @Field(() => Segment, { nullable: true, description: "The company's segment (from the AccountSummary projection)." })
  @Public()
  segment?: Segment | null;

  @Field(() => [DealStage], { nullable: true })
  @Public()
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
@Public()
export class DealOrder {
  @Field(() => DealOrderField, { defaultValue: DealOrderField.CREATED_AT })
  @Public()
  field: DealOrderField = DealOrderField.CREATED_AT;

  @Field(() => DealOrderDirection, { defaultValue: DealOrderDirection.ASC })
  @Public()
  direction: DealOrderDirection = DealOrderDirection.ASC;
}
