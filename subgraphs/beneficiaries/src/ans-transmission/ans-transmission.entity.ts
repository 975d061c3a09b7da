import type { Opt } from '@mikro-orm/core';
import { Entity, Enum, Index, Property } from '@mikro-orm/decorators/legacy';
import { TenantScopedEntity } from '@salesgraph/orm';

export enum AnsTransmissionStatus {
  /** Validated, signed and stored; not yet accepted by the transport. */
  QUEUED = 'QUEUED',
  /** Received by ANS (protocol number, when the transport gives one). */
  SENT = 'SENT',
  /** ANS's answer is stored and applied to each beneficiary. */
  ANSWERED = 'ANSWERED',
  /** ANS refused the batch itself: operations must look at it (lastError). */
  REFUSED = 'REFUSED',
}

/**
 * One batch sent to ANS, kept for audit: the batch XML (validated), the signed XML sent, the
 * regulator's receipt (protocol) and answer. Its id is the batch id the beneficiaries carry.
 */
@Entity({ tableName: 'ans_transmission' })
@Index({ properties: ['status', 'nextAttemptAt'] })
export class AnsTransmission extends TenantScopedEntity {
  @Property({ type: 'uuid' })
  contractId!: string;

  @Property({ type: 'integer' })
  beneficiaryCount!: number;

  @Property({ type: 'string', length: 16 })
  transport!: string;

  @Enum({ items: () => AnsTransmissionStatus })
  status: Opt<AnsTransmissionStatus> = AnsTransmissionStatus.QUEUED;

  @Property({ type: 'text' })
  batchXml!: string;

  @Property({ type: 'text' })
  signedXml!: string;

  @Property({ type: 'integer' })
  attempts: Opt<number> = 0;

  @Property({ type: 'datetime' })
  nextAttemptAt: Opt<Date> = new Date();

  @Property({ type: 'text', nullable: true })
  lastError: string | null = null;

  @Property({ type: 'string', length: 64, nullable: true })
  protocol: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  sentAt: Date | null = null;

  @Property({ type: 'text', nullable: true })
  receiptXml: string | null = null;

  @Property({ type: 'text', nullable: true })
  answerXml: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  answeredAt: Date | null = null;
}
