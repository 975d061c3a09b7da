import type { Opt } from '@mikro-orm/core';
import { Entity, Index, Property } from '@mikro-orm/decorators/legacy';
import { TenantScopedEntity } from '@salesgraph/orm';

/**
 * The MEDDIC role of one contact (id = contact id), kept so that a role change, a move to
 * another company or an erasure adjusts the company's counts exactly. No personal data: the
 * contact's name is not kept. Internal: not part of the graph.
 */
@Entity({ tableName: 'account_contact' })
@Index({ properties: ['tenantId', 'companyId'] })
export class AccountContact extends TenantScopedEntity {
  @Property({ type: 'uuid' })
  companyId!: string;

  @Property({ type: 'text', nullable: true })
  meddicRole: string | null = null;

  @Property({ type: 'boolean', default: false })
  erased: Opt<boolean> = false;
}
