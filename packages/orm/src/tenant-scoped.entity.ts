import { randomUUID } from 'node:crypto';
import { OptionalProps } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Public } from '@salesgraph/public-contract';

/**
 * What every owned entity has (DOMAIN.md): id, tenantId (internal, never in the graph),
 * timestamps and an optimistic-lock version. Rows are tenant-filtered by TENANT_FILTER.
 */
@ObjectType({ description: 'Base of owned entities; not emitted itself (orphaned types are not emitted).' })
@Entity({ abstract: true })
export abstract class TenantScopedEntity {
  /** Set by the ORM or defaulted; `em.create` does not require them. */
  [OptionalProps]?: 'id' | 'createdAt' | 'updatedAt' | 'version';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  @Public()
  id: string = randomUUID();

  /** No index of its own: each table's composite indexes lead with it (dropTenantIndexes says why). */
  @Property({ type: 'string', length: 64 })
  tenantId!: string;

  @Field(() => Date)
  @Property({ type: 'datetime', onCreate: () => new Date() })
  @Public()
  createdAt: Date = new Date();

  @Field(() => Date)
  @Property({ type: 'datetime', onCreate: () => new Date(), onUpdate: () => new Date() })
  @Public()
  updatedAt: Date = new Date();

  @Field(() => Int, { description: 'Optimistic-lock version: send it back with updates.' })
  @Property({ type: 'integer', version: true })
  @Public()
  version!: number;
}
