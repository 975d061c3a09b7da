import { Entity, Property } from '@mikro-orm/decorators/legacy';
import { TenantScopedEntity } from '@salesgraph/orm';
import type { contractsEvents } from '@salesgraph/events';

export type ContractStatus = (typeof contractsEvents.contractStatuses)[number];
export type PlanType = (typeof contractsEvents.planTypes)[number];

/** Contract statuses a beneficiary may be enrolled into. */
export const enrollableStatuses: ReadonlySet<ContractStatus> = new Set(['SIGNED', 'ACTIVE']);

/**
 * Projection of the contracts subgraph's contract events (id = contract id): what enrolment
 * needs to know about a contract. Internal: not part of the graph. Enrolment locks this row
 * (the write frame's row lock) so concurrent enrolments cannot exceed `contractedLives`.
 */
@Entity({ tableName: 'contract_snapshot' })
export class ContractSnapshot extends TenantScopedEntity {
  @Property({ type: 'string', length: 16 })
  number!: string;

  @Property({ type: 'uuid' })
  companyId!: string;

  @Property({ type: 'string', length: 32 })
  planType!: PlanType;

  @Property({ type: 'integer' })
  contractedLives!: number;

  @Property({ type: 'string', length: 32 })
  status!: ContractStatus;
}
