import { createEvent, type EventData, type EventEnvelope, type EventType } from '@salesgraph/events';
import type { Identity } from '@salesgraph/auth';
import type { Beneficiary } from './beneficiary.entity.js';

/** What other subgraphs may know of a beneficiary: never CPF, name or birth date (LGPD). */
export function beneficiarySnapshot(beneficiary: Beneficiary): EventData<'beneficiary.enrolled'>['beneficiary'] {
  return {
    id: beneficiary.id,
    contractId: beneficiary.contractId,
    companyId: beneficiary.companyId,
    relationship: beneficiary.relationship,
    holderId: beneficiary.holderId,
    inclusionDate: beneficiary.inclusionDate,
    ansStatus: beneficiary.ansStatus,
    ansDeadline: beneficiary.ansDeadline.toISOString(),
    active: beneficiary.removedAt === null,
  };
}

type BeneficiaryEventType = Extract<EventType, `beneficiary.${string}`>;
type ExtraData<T extends BeneficiaryEventType> = Omit<EventData<T>, 'beneficiary'>;

/** The envelope of a beneficiary event, for the write frame to record with the change. */
export function beneficiaryEvent<T extends BeneficiaryEventType>(
  identity: Identity,
  beneficiary: Beneficiary,
  eventType: T,
  aggregateVersion: number,
  extra: ExtraData<T>,
): EventEnvelope {
  const event = createEvent({
    eventType,
    tenantId: identity.tenant,
    aggregateType: 'beneficiary',
    aggregateId: beneficiary.id,
    aggregateVersion,
    source: 'beneficiaries',
    actor: identity.sub,
    data: { ...extra, beneficiary: beneficiarySnapshot(beneficiary) } as EventData<T>,
  });
  return event;
}
