import { Entity, Property } from '@mikro-orm/decorators/legacy';
import { TenantScopedEntity } from '@salesgraph/orm';

/**
 * Projection of the deals subgraph's deal events (id = deal id): what contracts needs to
 * know about a deal — its stage (draft and activation rules), company and owner (who may
 * draft). Internal: not part of the graph.
 */
@Entity({ tableName: 'deal_snapshot' })
export class DealSnapshot extends TenantScopedEntity {
  @Property({ type: 'uuid' })
  companyId!: string;

  @Property({ type: 'string', length: 128, index: true })
  ownerId!: string;

  @Property({ type: 'string', length: 16 })
  stage!: string;
}
