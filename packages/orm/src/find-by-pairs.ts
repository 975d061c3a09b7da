import type { EntityManager } from '@mikro-orm/postgresql';
import type { EntityDictionary, EntityName, EntityProperty } from '@mikro-orm/core';
import { tenantOf } from './tenant.js';

/** Two text properties of an entity and the pairs of their values to look up. */
export interface PairLookup<T> {
  readonly properties: readonly [keyof T & string, keyof T & string];
  readonly pairs: readonly (readonly [string, string])[];
  /** Lock the rows found (FOR UPDATE); the caller's transaction holds the locks. */
  readonly lock?: boolean;
}

/**
 * The rows of the unit of work's tenant whose two properties hold one of the pairs, as managed
 * entities, with one index lookup per pair: the pairs travel as two constant arrays and each is
 * looked up by a LATERAL subquery on (tenant, a, b) — a form PostgreSQL answers from the unique
 * index whatever its statistics say. The ORM's own forms (a list of ORs, or `b in (...)` beside
 * an equal `a`, then rows by id beside the tenant) let it read every row of the tenant through
 * the tenant index while the table has not been analyzed (autovacuum is off on the machines
 * here): a scan per batch, quadratic over a whole feed.
 */
export async function findByPairs<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  lookup: PairLookup<T>,
): Promise<T[]> {
  if (lookup.pairs.length === 0) return [];
  const meta = em.getMetadata().get(entity);
  const properties = meta.properties as Record<string, EntityProperty<T>>;
  const column = (property: string) => `"${properties[property]!.fieldNames[0]}"`;
  const [first, second] = lookup.properties;
  const pairs = [...new Map(lookup.pairs.map((pair) => [JSON.stringify(pair), pair])).values()];
  const rows = await em.execute<EntityDictionary<T>[]>(
    `select found.* from unnest(array[?]::text[], array[?]::text[]) as pair(a, b),
       lateral (select * from "${meta.schema ?? em.config.get('schema')}"."${meta.tableName}"
                 where "tenant_id" = ? and ${column(first)} = pair.a and ${column(second)} = pair.b
                 ${lookup.lock ? 'for update' : ''}) as found`,
    [pairs.map(([a]) => a), pairs.map(([, b]) => b), tenantOf(em)],
  );
  return rows.map((row) => em.map(entity, row));
}
