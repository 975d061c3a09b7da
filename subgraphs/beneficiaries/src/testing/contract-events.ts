import { randomUUID } from 'node:crypto';
import { createEvent, type contractsEvents, type EventEnvelope, type EventType } from '@salesgraph/events';

export type ContractStatus = (typeof contractsEvents.contractStatuses)[number];
export type PlanType = (typeof contractsEvents.planTypes)[number];
export type ContractSnapshot = ReturnType<typeof contractSnapshot>;

/**
 * A contract as the contract events carry it: `lives` lives at `premium` a life a month, for
 * 2026, AUTO approval (the ContractSnapshot projection keeps what it needs of it).
 */
export function contractSnapshot(options: {
  readonly id: string;
  readonly number: string;
  readonly lives: number;
  readonly premium?: number;
  readonly planType?: PlanType;
  readonly status?: ContractStatus;
}) {
  const { id, number, lives, premium = 450, planType = 'HOSPITALAR', status = 'DRAFT' } = options;
  return {
    id,
    number,
    companyId: randomUUID(),
    dealId: randomUUID(),
    planType,
    monthlyPremiumPerLife: premium.toFixed(2),
    contractedLives: lives,
    discountPercent: '0',
    monthlyValue: (premium * lives).toFixed(2),
    annualValue: (premium * 12 * lives).toFixed(2),
    startDate: '2026-01-01',
    endDate: '2026-12-31',
    status,
    approvalLevel: 'AUTO' as const,
  };
}

/** A contract event of `tenant` at `version`, as the contracts subgraph would publish it. */
export function contractEvent(
  eventType: EventType,
  tenant: string,
  version: number,
  data: Record<string, unknown> & { readonly contract: { readonly id: string } },
): EventEnvelope {
  return createEvent({
    eventType,
    tenantId: tenant,
    aggregateType: 'contract',
    aggregateId: data.contract.id,
    aggregateVersion: version,
    source: 'contracts',
    actor: 'test',
    data: data as never,
  });
}
