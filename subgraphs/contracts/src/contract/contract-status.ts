import { registerEnumType } from 'type-graphql';
import type { contractsEvents } from '@salesgraph/events';

export enum ContractStatus {
  DRAFT = 'DRAFT',
  PENDING_APPROVAL = 'PENDING_APPROVAL',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
  SENT_FOR_SIGNATURE = 'SENT_FOR_SIGNATURE',
  SIGNED = 'SIGNED',
  ACTIVE = 'ACTIVE',
  SUSPENDED = 'SUSPENDED',
  TERMINATED = 'TERMINATED',
}
registerEnumType(ContractStatus, {
  name: 'ContractStatus',
  description:
    'DRAFT -> PENDING_APPROVAL -> APPROVED -> SENT_FOR_SIGNATURE -> SIGNED -> ACTIVE <-> SUSPENDED -> TERMINATED; PENDING_APPROVAL -> REJECTED -> DRAFT.',
});

export enum ApprovalLevel {
  AUTO = 'AUTO',
  SALES_MANAGER = 'SALES_MANAGER',
  COMMERCIAL_DIRECTOR = 'COMMERCIAL_DIRECTOR',
  CEO_BOARD = 'CEO_BOARD',
}
registerEnumType(ApprovalLevel, {
  name: 'ApprovalLevel',
  description:
    'Who must approve, from annual value and discount: AUTO (< 100,000.00 and no discount), SALES_MANAGER (< 500,000.00 and <= 10 %), COMMERCIAL_DIRECTOR (< 2,000,000.00 and <= 20 %), CEO_BOARD otherwise.',
});

/** Defined once for the graph (packages/subgraph); re-exported where contracts uses it. */
export { PlanType } from '@salesgraph/subgraph';

/** Every status change a contract may make; anything else is INVALID_TRANSITION. */
const transitions: Readonly<Record<ContractStatus, readonly ContractStatus[]>> = {
  DRAFT: [ContractStatus.PENDING_APPROVAL, ContractStatus.APPROVED],
  PENDING_APPROVAL: [ContractStatus.APPROVED, ContractStatus.REJECTED],
  APPROVED: [ContractStatus.SENT_FOR_SIGNATURE],
  REJECTED: [ContractStatus.DRAFT],
  SENT_FOR_SIGNATURE: [ContractStatus.SIGNED],
  SIGNED: [ContractStatus.ACTIVE],
  ACTIVE: [ContractStatus.SUSPENDED, ContractStatus.TERMINATED],
  SUSPENDED: [ContractStatus.ACTIVE, ContractStatus.TERMINATED],
  TERMINATED: [],
};

export function canTransition(from: ContractStatus, to: ContractStatus): boolean {
  return transitions[from].includes(to);
}

// Compile-time check that the GraphQL enums and the event contract list the same values.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
export const enumsMatchEvents: [
  Same<`${ContractStatus}`, (typeof contractsEvents.contractStatuses)[number]>,
  Same<`${ApprovalLevel}`, (typeof contractsEvents.approvalLevels)[number]>,
] = [true, true];
