import { randomUUID } from 'node:crypto';
import { createEvent, type EventData, type EventEnvelope, type EventType } from '@salesgraph/events';

/** Test builders of the events other subgraphs publish, validated by their schemas. */

let contractSequence = 0;

/** An event with an explicit occurredAt (ISO), so durations and due times are exact. */
function event<T extends EventType>(
  tenantId: string,
  eventType: T,
  source: string,
  aggregateType: string,
  aggregateId: string,
  aggregateVersion: number,
  data: EventData<T>,
  at?: Date,
): EventEnvelope {
  const envelope = createEvent({
    eventType,
    tenantId,
    aggregateType,
    aggregateId,
    aggregateVersion,
    source,
    actor: 'someone-else',
    data,
  });
  return at ? { ...envelope, occurredAt: at.toISOString() } : envelope;
}

export type DealStage = EventData<'deal.created'>['deal']['stage'];

export function dealSnapshot(id: string, stage: DealStage, ownerId = 'rep-1'): EventData<'deal.created'>['deal'] {
  return {
    id,
    companyId: randomUUID(),
    ownerId,
    title: 'Plano empresarial',
    stage,
    estimatedValue: '250000.00',
    estimatedLives: 120,
    probability: 10,
    expectedCloseDate: null,
  };
}

export const dealCreated = (tenant: string, dealId: string, at?: Date, ownerId = 'rep-1') =>
  event(tenant, 'deal.created', 'deals', 'deal', dealId, 1, { deal: dealSnapshot(dealId, 'LEAD', ownerId) }, at);

export const stageChanged = (
  tenant: string,
  dealId: string,
  version: number,
  from: DealStage,
  to: DealStage,
  at?: Date,
  ownerId = 'rep-1',
) =>
  event(
    tenant,
    'deal.stage_changed',
    'deals',
    'deal',
    dealId,
    version,
    { deal: dealSnapshot(dealId, to, ownerId), from, to },
    at,
  );

export type ApprovalLevel = EventData<'contract.drafted'>['contract']['approvalLevel'];

export function contractSnapshot(
  id: string,
  dealId: string,
  approvalLevel: ApprovalLevel = 'SALES_MANAGER',
): EventData<'contract.drafted'>['contract'] {
  contractSequence += 1;
  return {
    id,
    number: `CT-2026-${String(contractSequence).padStart(6, '0')}`,
    companyId: randomUUID(),
    dealId,
    planType: 'HOSPITALAR',
    monthlyPremiumPerLife: '450.00',
    contractedLives: 100,
    discountPercent: '5',
    monthlyValue: '45000.00',
    annualValue: '540000.00',
    startDate: '2027-01-01',
    endDate: '2027-12-31',
    status: 'PENDING_APPROVAL',
    approvalLevel,
  };
}

export interface ContractRef {
  readonly id: string;
  readonly dealId: string;
  readonly approvalLevel?: ApprovalLevel;
}

const contractEvent = <
  T extends
    | 'contract.approval_requested'
    | 'contract.approved'
    | 'contract.rejected'
    | 'contract.signed'
    | 'contract.activated',
>(
  tenant: string,
  type: T,
  contract: ContractRef,
  version: number,
  extra: Omit<EventData<T>, 'contract'>,
  at?: Date,
) =>
  event(
    tenant,
    type,
    'contracts',
    'contract',
    contract.id,
    version,
    { contract: contractSnapshot(contract.id, contract.dealId, contract.approvalLevel), ...extra } as EventData<T>,
    at,
  );

export const approvalRequested = (tenant: string, contract: ContractRef, version = 3, at?: Date) =>
  contractEvent(
    tenant,
    'contract.approval_requested',
    contract,
    version,
    { approvalLevel: contract.approvalLevel ?? 'SALES_MANAGER' },
    at,
  );
export const contractApproved = (tenant: string, contract: ContractRef, version = 4, at?: Date) =>
  contractEvent(tenant, 'contract.approved', contract, version, { approvedBy: 'someone' }, at);
export const contractSigned = (tenant: string, contract: ContractRef, signedAt: Date, version = 6) =>
  contractEvent(tenant, 'contract.signed', contract, version, { signedAt: signedAt.toISOString() }, signedAt);
export const contractActivated = (tenant: string, contract: ContractRef, version = 7, at?: Date) =>
  contractEvent(tenant, 'contract.activated', contract, version, {}, at);

export const contractRejected = (tenant: string, contract: ContractRef, reason: string, version = 4, at?: Date) =>
  contractEvent(tenant, 'contract.rejected', contract, version, { reason }, at);

function beneficiarySnapshot(
  beneficiaryId: string,
  contractId: string,
  ansDeadline: Date,
  ansStatus: 'PENDING' | 'SUBMITTED' = 'PENDING',
  active = true,
) {
  return {
    id: beneficiaryId,
    contractId,
    companyId: '00000000-0000-4000-8000-000000000001',
    relationship: 'HOLDER' as const,
    holderId: null,
    inclusionDate: new Date(ansDeadline.getTime() - 72 * 3_600_000).toISOString().slice(0, 10),
    ansStatus,
    ansDeadline: ansDeadline.toISOString(),
    active,
  };
}

type BeneficiaryEventType = 'beneficiary.enrolled' | 'beneficiary.ans_submitted' | 'beneficiary.removed';

/** A builder of one beneficiary event type: (tenant, beneficiary, contract, ANS deadline, version?) -> the event. */
const beneficiaryEvent =
  <T extends BeneficiaryEventType>(
    type: T,
    defaultVersion: number,
    dataOf: (beneficiaryId: string, contractId: string, ansDeadline: Date) => EventData<T>,
  ) =>
  (tenant: string, beneficiaryId: string, contractId: string, ansDeadline: Date, version = defaultVersion) =>
    event(
      tenant,
      type,
      'beneficiaries',
      'beneficiary',
      beneficiaryId,
      version,
      dataOf(beneficiaryId, contractId, ansDeadline),
    );

export const beneficiaryEnrolled = beneficiaryEvent('beneficiary.enrolled', 1, (id, contractId, ansDeadline) => ({
  beneficiary: beneficiarySnapshot(id, contractId, ansDeadline),
}));

export const ansSubmitted = beneficiaryEvent('beneficiary.ans_submitted', 2, (id, contractId, ansDeadline) => ({
  beneficiary: beneficiarySnapshot(id, contractId, ansDeadline, 'SUBMITTED'),
  batchId: 'batch-1',
}));

export const beneficiaryRemoved = beneficiaryEvent('beneficiary.removed', 2, (id, contractId, ansDeadline) => ({
  beneficiary: beneficiarySnapshot(id, contractId, ansDeadline, 'PENDING', false),
}));
