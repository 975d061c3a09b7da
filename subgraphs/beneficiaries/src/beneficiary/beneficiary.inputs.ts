import { Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { LocalDateScalar } from '@salesgraph/subgraph';
import { AnsStatus, Relationship } from './beneficiary.entity.js';

@InputType({
  description:
    'One person to enrol. Dependents name their holder by `holderId` or `holderCpf` (a HOLDER of the same contract, already enrolled or in the same bulk).',
})
export class BeneficiaryRowInput {
  @Field(() => String, { description: '11 digits; dots and dash are accepted and removed.' })
  cpf!: string;

  @Field(() => String)
  name!: string;

  @Field(() => LocalDateScalar, { description: 'Not in the future; age at most 120.' })
  birthDate!: string;

  @Field(() => Relationship)
  relationship!: Relationship;

  @Field(() => ID, { nullable: true, description: 'An active HOLDER of the same contract (dependents only).' })
  holderId?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'The CPF of an active HOLDER of the same contract, or of a HOLDER row of the same bulk (dependents only).',
  })
  holderCpf?: string | null;
}

@InputType()
export class EnrollBeneficiaryInput extends BeneficiaryRowInput {
  @Field(() => ID)
  contractId!: string;
}

@InputType({ description: 'Up to 1,000 rows for one contract, enrolled all together or not at all.' })
export class EnrollBeneficiariesInput {
  @Field(() => ID)
  contractId!: string;

  @Field(() => [BeneficiaryRowInput])
  rows!: BeneficiaryRowInput[];
}

@InputType({
  description: 'Corrects personal data; only the fields given change. A REJECTED beneficiary becomes PENDING again.',
})
export class UpdateBeneficiaryInput {
  @Field(() => ID)
  id!: string;

  @Field(() => Int, { description: 'The version the client read; a stale version is refused.' })
  version!: number;

  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => LocalDateScalar, { nullable: true })
  birthDate?: string | null;
}

@InputType()
export class RemoveBeneficiaryInput {
  @Field(() => ID)
  id!: string;

  @Field(() => Int)
  version!: number;
}

@InputType()
export class EraseBeneficiaryInput {
  @Field(() => ID)
  id!: string;
}

export enum AnsOutcome {
  REGISTERED = 'REGISTERED',
  REJECTED = 'REJECTED',
}
registerEnumType(AnsOutcome, { name: 'AnsOutcome' });

@InputType({ description: 'What ANS answered for a SUBMITTED beneficiary.' })
export class RecordAnsOutcomeInput {
  @Field(() => ID)
  id!: string;

  @Field(() => Int)
  version!: number;

  @Field(() => AnsOutcome)
  outcome!: AnsOutcome;

  @Field(() => String, { nullable: true, description: 'Required when REGISTERED.' })
  registrationId?: string | null;

  @Field(() => String, { nullable: true, description: 'Required when REJECTED.' })
  reason?: string | null;
}

@InputType()
export class ContractBeneficiariesFilter {
  @Field(() => Relationship, { nullable: true })
  relationship?: Relationship | null;

  @Field(() => AnsStatus, { nullable: true })
  ansStatus?: AnsStatus | null;

  @Field(() => Boolean, { defaultValue: false, description: 'Also list removed beneficiaries.' })
  includeRemoved: boolean = false;
}

@InputType()
export class BeneficiaryFilter extends ContractBeneficiariesFilter {
  @Field(() => ID, { nullable: true })
  contractId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Exact CPF; only OPERATIONS, LEGAL_COUNSEL and SYSTEM_ADMIN may filter by it.',
  })
  cpf?: string | null;
}
