import { createEvent, type EventData, type EventEnvelope, type EventType } from '@salesgraph/events';
import type { Contract } from './contract.entity.js';

export function contractSnapshot(contract: Contract): EventData<'contract.drafted'>['contract'] {
  return {
    id: contract.id,
    number: contract.number,
    companyId: contract.companyId,
    dealId: contract.dealId,
    planType: contract.planType,
    monthlyPremiumPerLife: contract.monthlyPremiumPerLife,
    contractedLives: contract.contractedLives,
    discountPercent: contract.discountPercent,
    monthlyValue: contract.monthlyValue,
    annualValue: contract.annualValue,
    startDate: contract.startDate,
    endDate: contract.endDate,
    status: contract.status,
    approvalLevel: contract.approvalLevel,
  };
}

type ContractEventType = Extract<EventType, `contract.${string}`>;

/** The contract's snapshot is added from the entity as it is now; `extra` is the rest of the data. */
type ExtraData<T extends ContractEventType> = Omit<EventData<T>, 'contract'>;

/** Who a change is recorded for: the tenant of the unit of work and the acting user. */
export interface EventOrigin {
  readonly tenantId: string;
  readonly actor: string | null;
}

/**
 * The envelope of a contract event (the write frame, or a consumer with `recordEvent`, records it).
 * Versions come from the contract's own event sequence, since one change (a submit) can
 * write two events; consumers see a strictly increasing aggregateVersion per contract.
 */
export function contractEvent<T extends ContractEventType>(
  origin: EventOrigin,
  contract: Contract,
  eventType: T,
  extra: ExtraData<T>,
): EventEnvelope {
  contract.eventSequence += 1;
  const event = createEvent({
    eventType,
    tenantId: origin.tenantId,
    aggregateType: 'contract',
    aggregateId: contract.id,
    aggregateVersion: contract.eventSequence,
    source: 'contracts',
    actor: origin.actor,
    data: { ...extra, contract: contractSnapshot(contract) } as EventData<T>,
  });
  return event;
}
