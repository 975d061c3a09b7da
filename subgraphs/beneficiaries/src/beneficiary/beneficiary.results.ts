import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { PageInfo } from '@salesgraph/subgraph';
import { Beneficiary } from './beneficiary.entity.js';

export enum BeneficiaryProblemReason {
  CONTRACT_NOT_FOUND = 'CONTRACT_NOT_FOUND',
  CONTRACT_NOT_ENROLLABLE = 'CONTRACT_NOT_ENROLLABLE',
  LIVES_LIMIT_EXCEEDED = 'LIVES_LIMIT_EXCEEDED',
  DUPLICATE_CPF = 'DUPLICATE_CPF',
  INVALID_HOLDER = 'INVALID_HOLDER',
  INVALID_ROWS = 'INVALID_ROWS',
  HOLDER_HAS_DEPENDENTS = 'HOLDER_HAS_DEPENDENTS',
  ALREADY_REMOVED = 'ALREADY_REMOVED',
  ALREADY_ERASED = 'ALREADY_ERASED',
  INVALID_ANS_TRANSITION = 'INVALID_ANS_TRANSITION',
  NOTHING_TO_SUBMIT = 'NOTHING_TO_SUBMIT',
  /** The batch does not follow the ANS schema (schemas/ans-batch.xsd): nothing was submitted or sent. */
  INVALID_ANS_BATCH = 'INVALID_ANS_BATCH',
  STALE_VERSION = 'STALE_VERSION',
}
registerEnumType(BeneficiaryProblemReason, { name: 'BeneficiaryProblemReason' });

@ObjectType({ description: 'An expected business outcome that stopped the change; nothing was written.' })
export class BeneficiaryProblem {
  @Field(() => BeneficiaryProblemReason)
  reason!: BeneficiaryProblemReason;

  @Field(() => String)
  message!: string;
}

@ObjectType({ description: 'Either `beneficiary` (changed) or `problem` (nothing changed).' })
export class BeneficiaryResult {
  @Field(() => Beneficiary, { nullable: true })
  beneficiary!: Beneficiary | null;

  @Field(() => BeneficiaryProblem, { nullable: true })
  problem!: BeneficiaryProblem | null;

  @Field(() => ID, { nullable: true, description: 'The event the change produced (read-your-writes token).' })
  eventId!: string | null;
}

export enum EnrollmentRowReason {
  INVALID_CPF = 'INVALID_CPF',
  INVALID_NAME = 'INVALID_NAME',
  INVALID_BIRTH_DATE = 'INVALID_BIRTH_DATE',
  HOLDER_REQUIRED = 'HOLDER_REQUIRED',
  HOLDER_NOT_ALLOWED = 'HOLDER_NOT_ALLOWED',
  INVALID_HOLDER = 'INVALID_HOLDER',
  DUPLICATE_CPF = 'DUPLICATE_CPF',
  DUPLICATE_CPF_IN_BATCH = 'DUPLICATE_CPF_IN_BATCH',
}
registerEnumType(EnrollmentRowReason, { name: 'EnrollmentRowReason' });

@ObjectType({ description: 'Why one row of an enrolment cannot be accepted.' })
export class EnrollmentRowProblem {
  @Field(() => Int, { description: 'Index of the row in `rows` (0-based).' })
  row!: number;

  @Field(() => String, { description: 'The input field at fault.' })
  field!: string;

  @Field(() => EnrollmentRowReason)
  reason!: EnrollmentRowReason;

  @Field(() => String)
  message!: string;
}

@ObjectType({
  description: 'All rows enrolled (`enrolled`), or none: `problem` says why, and `rowProblems` lists every bad row.',
})
export class EnrollBeneficiariesResult {
  @Field(() => [Beneficiary])
  enrolled!: Beneficiary[];

  @Field(() => Int)
  count!: number;

  @Field(() => BeneficiaryProblem, { nullable: true })
  problem!: BeneficiaryProblem | null;

  @Field(() => [EnrollmentRowProblem])
  rowProblems!: EnrollmentRowProblem[];

  @Field(() => [ID], { description: 'The beneficiary.enrolled events, in row order.' })
  eventIds!: string[];
}

@ObjectType({ description: 'A batch sent to ANS: its XML and the beneficiaries now SUBMITTED.' })
export class AnsSubmissionResult {
  @Field(() => ID, { nullable: true })
  batchId!: string | null;

  @Field(() => String, { nullable: true, description: 'The XML that was submitted.' })
  xml!: string | null;

  @Field(() => [Beneficiary])
  submitted!: Beneficiary[];

  @Field(() => BeneficiaryProblem, { nullable: true })
  problem!: BeneficiaryProblem | null;

  @Field(() => [ID])
  eventIds!: string[];
}

@ObjectType({ description: "Everything held about one CPF in the caller's tenant (LGPD access request)." })
export class BeneficiaryDataExport {
  @Field(() => String)
  cpf!: string;

  @Field(() => Date)
  exportedAt!: Date;

  @Field(() => [Beneficiary], { description: 'Every enrolment of the person, active or removed, with its ANS state.' })
  records!: Beneficiary[];
}

@ObjectType()
export class BeneficiaryEdge {
  @Field(() => Beneficiary)
  node!: Beneficiary;

  @Field(() => String)
  cursor!: string;
}

@ObjectType()
export class BeneficiaryConnection {
  @Field(() => [BeneficiaryEdge])
  edges!: BeneficiaryEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

export const beneficiaryProblem = (reason: BeneficiaryProblemReason, message: string): BeneficiaryResult => ({
  beneficiary: null,
  problem: { reason, message },
  eventId: null,
});
