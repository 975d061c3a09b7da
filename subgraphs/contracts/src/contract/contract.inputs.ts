import { Field, ID, InputType, Int } from 'type-graphql';
import { LocalDateScalar, MoneyScalar, Public } from '@salesgraph/subgraph';
import { ApprovalLevel, ContractStatus, PlanType } from './contract-status.js';

@InputType()
export class DraftContractInput {
  @Field(() => ID, { description: "A deal in NEGOTIATION or CLOSED_WON; the contract's company is the deal's." })
  dealId!: string;

  @Field(() => PlanType)
  planType!: PlanType;

  @Field(() => MoneyScalar, { description: 'More than 0, at most 1,000,000.00.' })
  monthlyPremiumPerLife!: string;

  @Field(() => Int, { description: '1 to 1,000,000.' })
  contractedLives!: number;

  @Field(() => String, {
    nullable: true,
    description: 'Percent, 0 to 30, at most two decimals ("12.5"). Defaults to 0.',
  })
  discountPercent?: string | null;

  @Field(() => LocalDateScalar)
  startDate!: string;

  @Field(() => LocalDateScalar, { description: 'After startDate.' })
  endDate!: string;
}

@InputType({
  description:
    'Changes the terms of a DRAFT contract, or takes a REJECTED one back to DRAFT. Omitted fields keep their value.',
})
export class ReviseContractInput {
  @Field(() => ID)
  id!: string;

  @Field(() => Int, { description: 'The version the client read.' })
  version!: number;

  @Field(() => PlanType, { nullable: true })
  planType?: PlanType | null;

  @Field(() => MoneyScalar, { nullable: true })
  monthlyPremiumPerLife?: string | null;

  @Field(() => Int, { nullable: true })
  contractedLives?: number | null;

  @Field(() => String, { nullable: true })
  discountPercent?: string | null;

  @Field(() => LocalDateScalar, { nullable: true })
  startDate?: string | null;

  @Field(() => LocalDateScalar, { nullable: true })
  endDate?: string | null;
}

@InputType({ description: 'Identifies a contract at the version the client read.' })
export class ContractVersionInput {
  @Field(() => ID)
  id!: string;

  @Field(() => Int)
  version!: number;
}

@InputType()
export class SignerInput {
  @Field(() => String)
  name!: string;

  @Field(() => String)
  email!: string;
}

@InputType()
export class SendContractForSignatureInput extends ContractVersionInput {
  @Field(() => [SignerInput], { description: '1 to 10 signers.' })
  signers!: SignerInput[];
}

@InputType()
export class ChangeContractStatusInput extends ContractVersionInput {
  @Field(() => String, { nullable: true })
  reason?: string | null;
}

@InputType()
@Public()
export class ContractFilter {
  @Field(() => [ContractStatus], { nullable: true })
  @Public()
  statuses?: ContractStatus[] | null;

  @Field(() => [ApprovalLevel], { nullable: true })
  approvalLevels?: ApprovalLevel[] | null;

  @Field(() => ID, { nullable: true })
  @Public()
  companyId?: string | null;

  @Field(() => ID, { nullable: true })
  @Public()
  dealId?: string | null;

  @Field(() => String, { nullable: true, description: 'Exact contract number, e.g. CT-2026-000042.' })
  @Public()
  number?: string | null;
}
