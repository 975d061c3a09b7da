import type { Opt } from '@mikro-orm/core';
import { Embeddable, Embedded, Entity, Enum, Index, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Directive, Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { TenantScopedEntity } from '@salesgraph/orm';
import { LocalDateScalar, MoneyScalar, Public, RequiresScopes } from '@salesgraph/subgraph';
import { ApprovalLevel, ContractStatus, PlanType } from './contract-status.js';

export enum SignatureStatus {
  SENT = 'SENT',
  SIGNED = 'SIGNED',
}
registerEnumType(SignatureStatus, { name: 'ContractSignatureStatus' });

@ObjectType({ description: 'Someone who must sign the contract.' })
export class ContractSigner {
  @Field(() => String)
  name!: string;

  @Field(() => String)
  email!: string;

  @Field(() => Date, { nullable: true })
  signedAt!: Date | null;
}

/** The signature envelope at the provider (Adobe Sign in production, the local provider otherwise). */
@ObjectType()
@Embeddable()
@Public()
export class ContractSignature {
  @Field(() => String, { description: 'The signature provider, e.g. "local" or "adobe-sign".' })
  @Property({ type: 'string', length: 32 })
  provider!: string;

  @Field(() => String)
  @Property({ type: 'string', length: 128 })
  envelopeId!: string;

  @Field(() => [ContractSigner])
  @Property({ type: 'json' })
  signers!: ContractSigner[];

  @Field(() => SignatureStatus)
  @Enum({ items: () => SignatureStatus })
  @Public()
  status!: SignatureStatus;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  @Public()
  signedAt: Date | null = null;
}

/** A group health-plan contract for one company, born from one deal. */
@Directive('@key(fields: "id")')
@ObjectType()
@Entity({ tableName: 'contract' })
@Unique({ name: 'contract_tenant_number_unique', properties: ['tenantId', 'number'] })
@Index({ properties: ['tenantId', 'companyId'] })
@Index({ properties: ['tenantId', 'dealId'] })
@Index({ properties: ['tenantId', 'createdAt', 'id'] })
@Public()
@RequiresScopes('contracts:read')
export class Contract extends TenantScopedEntity {
  @Field(() => String, { description: 'CT-YYYY-NNNNNN, unique per tenant; NNNNNN counts per tenant and year.' })
  @Property({ type: 'string', length: 14 })
  @Public()
  number!: string;

  @Property({ type: 'uuid' })
  companyId!: string;

  @Property({ type: 'uuid' })
  dealId!: string;

  @Field(() => PlanType)
  @Enum({ items: () => PlanType })
  @Public()
  planType!: PlanType;

  @Field(() => MoneyScalar)
  @Property({ type: 'decimal', precision: 14, scale: 2 })
  @Public()
  monthlyPremiumPerLife!: string;

  @Field(() => Int)
  @Property({ type: 'integer' })
  @Public()
  contractedLives!: number;

  @Field(() => String, { description: 'Discount in percent, 0 to 30, two decimals (e.g. "12.50").' })
  @Property({ type: 'decimal', precision: 4, scale: 2 })
  @Public()
  discountPercent!: string;

  @Field(() => MoneyScalar, { description: 'premium x lives x (1 - discount), rounded half-up to the cent.' })
  @Property({ type: 'decimal', precision: 16, scale: 2 })
  @Public()
  monthlyValue!: string;

  @Field(() => MoneyScalar, { description: '12 x monthlyValue.' })
  @Property({ type: 'decimal', precision: 16, scale: 2 })
  @Public()
  annualValue!: string;

  @Field(() => LocalDateScalar)
  @Property({ type: 'date' })
  @Public()
  startDate!: string;

  @Field(() => LocalDateScalar, { description: 'After startDate.' })
  @Property({ type: 'date' })
  @Public()
  endDate!: string;

  @Field(() => ContractStatus)
  @Enum({ items: () => ContractStatus })
  @Public()
  status: Opt<ContractStatus> = ContractStatus.DRAFT;

  @Field(() => ApprovalLevel)
  @Enum({ items: () => ApprovalLevel })
  approvalLevel!: ApprovalLevel;

  @Field(() => String, { nullable: true, description: 'Who approved (null when AUTO).' })
  @Property({ type: 'string', length: 128, nullable: true })
  approvedBy: string | null = null;

  @Field(() => String, { nullable: true, description: 'Why the approver rejected it (while REJECTED).' })
  @Property({ type: 'text', nullable: true })
  rejectionReason: string | null = null;

  @Field(() => ContractSignature, { nullable: true })
  @Embedded(() => ContractSignature, { nullable: true, prefix: 'signature_' })
  @Public()
  signature: ContractSignature | null = null;

  /** Aggregate version of the last event written for this contract (one change may write two events). */
  @Property({ type: 'integer', default: 0 })
  eventSequence: Opt<number> = 0;
}
