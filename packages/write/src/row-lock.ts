import type { EntityClass } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { tenantOf } from '@salesgraph/orm';

/**
 * The frame's one locking policy: the row a change targets is locked `FOR NO KEY UPDATE` for
 * the rest of the transaction — the lock PostgreSQL's own UPDATE of a non-key column takes.
 * Writers of the same row queue behind it; foreign-key checks of other rows pointing at it
 * (`FOR KEY SHARE`) do not, so two writes that each lock a row and reference the other's
 * (A's parent becomes B while B's becomes A) cannot deadlock. (`FOR UPDATE`, MikroORM's
 * PESSIMISTIC_WRITE, would block those checks.) Tenant-scoped: another tenant's row is never locked.
 */
export async function lockRow(tx: EntityManager, entity: EntityClass<object>, id: string): Promise<void> {
  const meta = tx.getMetadata().get(entity);
  const table = `"${meta.schema ?? tx.config.get('schema')}"."${meta.tableName}"`;
  await tx.execute(`select 1 from ${table} where id = ? and tenant_id = ? for no key update`, [id, tenantOf(tx)]);
}
