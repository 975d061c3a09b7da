import type { Opt } from '@mikro-orm/core';
import { Entity, Index, Property } from '@mikro-orm/decorators/legacy';
import { TenantScopedEntity } from '@salesgraph/orm';

/**
 * Projection of accounts' company and contact events (id = company id): lets deals be
 * filtered and sorted by company name and segment, and knows the MEDDIC contacts the
 * CLOSED_WON gate needs. Internal: not part of the graph.
 */
@Entity({ tableName: 'account_summary' })
@Index({ properties: ['tenantId', 'legalName'] })
export class AccountSummary extends TenantScopedEntity {
  @Property({ type: 'text' })
  legalName!: string;

  @Property({ type: 'text', nullable: true })
  tradeName: string | null = null;

  @Property({ type: 'string', length: 16 })
  segment!: string;

  @Property({ type: 'string', length: 128 })
  ownerId!: string;

  @Property({ type: 'integer', default: 0 })
  economicBuyers: Opt<number> = 0;

  @Property({ type: 'integer', default: 0 })
  champions: Opt<number> = 0;

  @Property({ type: 'boolean', default: false })
  erased: Opt<boolean> = false;
}
