import type { Opt } from '@mikro-orm/core';
import { Entity, Enum, Index, Property } from '@mikro-orm/decorators/legacy';
import { Directive, Field, ObjectType, registerEnumType } from 'type-graphql';
import { TenantScopedEntity } from '@salesgraph/orm';
import { LocalDateScalar } from '@salesgraph/subgraph';

export enum Relationship {
  HOLDER = 'HOLDER',
  SPOUSE = 'SPOUSE',
  CHILD = 'CHILD',
  OTHER_DEPENDENT = 'OTHER_DEPENDENT',
}

export enum AnsStatus {
  PENDING = 'PENDING',
  SUBMITTED = 'SUBMITTED',
  REGISTERED = 'REGISTERED',
  REJECTED = 'REJECTED',
}

registerEnumType(Relationship, {
  name: 'BeneficiaryRelationship',
  description: 'HOLDER, or a dependent of a holder of the same contract.',
});
registerEnumType(AnsStatus, {
  name: 'AnsStatus',
  description: 'PENDING -> SUBMITTED -> REGISTERED | REJECTED; a corrected REJECTED beneficiary is PENDING again.',
});

export const ANS_DEADLINE_HOURS = 72;

/**
 * A person covered by a contract (a life). `cpf`, `birthDate` and `holder` are exposed by
 * BeneficiaryResolver field resolvers, which mask personal data by role on every path.
 */
@Directive('@key(fields: "id")')
@ObjectType({
  description:
    'A person covered by a contract. CPF and birth date are masked unless the caller is OPERATIONS, LEGAL_COUNSEL or SYSTEM_ADMIN.',
})
@Entity({ tableName: 'beneficiary' })
@Index({ properties: ['tenantId', 'contractId', 'createdAt', 'id'] })
@Index({ properties: ['tenantId', 'createdAt', 'id'] })
@Index({ properties: ['tenantId', 'cpf'] })
export class Beneficiary extends TenantScopedEntity {
  @Property({ type: 'uuid' })
  contractId!: string;

  /** The contract's company, from the ContractSnapshot at enrolment (carried in events). */
  @Property({ type: 'uuid' })
  companyId!: string;

  /** 11 digits; null once erased (LGPD). Unique per tenant among active beneficiaries. */
  @Property({ type: 'string', length: 11, nullable: true })
  cpf: string | null = null;

  @Field(() => String, { description: 'The person\'s name; "(erased)" after an LGPD erasure.' })
  @Property({ type: 'text' })
  name!: string;

  /** yyyy-mm-dd; null once erased. */
  @Property({ type: 'date', nullable: true })
  birthDate: string | null = null;

  @Field(() => Relationship)
  @Enum({ items: () => Relationship })
  relationship!: Relationship;

  @Property({ type: 'uuid', nullable: true })
  holderId: string | null = null;

  @Field(() => String, {
    description: 'Generated at enrolment: the operator registration, a sequence and a Luhn check digit; unique.',
  })
  @Property({ type: 'string', length: 16 })
  healthCardNumber!: string;

  @Field(() => Date, { description: 'When the beneficiary was enrolled; the ANS deadline counts from here.' })
  @Property({ type: 'datetime' })
  includedAt!: Date;

  @Field(() => LocalDateScalar, { description: 'The calendar date of inclusion (America/Sao_Paulo).' })
  @Property({ type: 'date' })
  inclusionDate!: string;

  @Enum({ items: () => AnsStatus })
  ansStatus: Opt<AnsStatus> = AnsStatus.PENDING;

  @Property({ type: 'datetime' })
  ansDeadline!: Date;

  @Property({ type: 'text', nullable: true })
  ansRegistrationId: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  ansBatchId: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  ansSubmittedAt: Date | null = null;

  @Property({ type: 'text', nullable: true })
  ansRejectionReason: string | null = null;

  @Field(() => Date, {
    nullable: true,
    description: 'When coverage ended; a removed beneficiary no longer counts as an active life.',
  })
  @Property({ type: 'datetime', nullable: true })
  removedAt: Date | null = null;

  @Field(() => Date, { nullable: true, description: "When the person's data was anonymised (LGPD erasure)." })
  @Property({ type: 'datetime', nullable: true })
  erasedAt: Date | null = null;
}

/** The ANS registration state of a beneficiary. */
@ObjectType({ description: 'Registration with the regulator (ANS), due within 72 hours of inclusion.' })
export class AnsRegistration {
  @Field(() => AnsStatus)
  status!: AnsStatus;

  @Field(() => Date, { description: 'includedAt + 72 hours.' })
  deadline!: Date;

  @Field(() => String, { nullable: true, description: 'The id ANS assigned, once REGISTERED.' })
  registrationId!: string | null;

  @Field(() => String, { nullable: true, description: 'The submission batch, once SUBMITTED.' })
  batchId!: string | null;

  @Field(() => Date, { nullable: true })
  submittedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'Why ANS rejected it, when REJECTED.' })
  rejectionReason!: string | null;
}

export function ansOf(beneficiary: Beneficiary): AnsRegistration {
  return {
    status: beneficiary.ansStatus,
    deadline: beneficiary.ansDeadline,
    registrationId: beneficiary.ansRegistrationId,
    batchId: beneficiary.ansBatchId,
    submittedAt: beneficiary.ansSubmittedAt,
    rejectionReason: beneficiary.ansRejectionReason,
  };
}

export const isActive = (beneficiary: Beneficiary): boolean => beneficiary.removedAt === null;
