import type { EntityManager } from '@mikro-orm/postgresql';
import type { EntityDictionary, EntityName, EntityProperty } from '@mikro-orm/core';
import { tenantOf } from './tenant.js';

/** One or two properties of an entity, and the keys to look up: one value per property each. */
export interface KeyLookup<T> {
  readonly properties: readonly [keyof T & string] | readonly [keyof T & string, keyof T & string];
  readonly keys: readonly (readonly string[])[];
  /** Lock the rows found (FOR UPDATE); the caller's transaction holds the locks. */
  readonly lock?: boolean;
}

/**
 * `from unnest(<one constant array per key column>) as key(k0, ...), lateral (<select> where
 * <conditions> and <column i> = key.k<i> offset 0) as found`: each key looked up on its own
 * through an index on its columns, whatever PostgreSQL's statistics say; `offset 0` keeps the
 * planner from flattening the subquery into a join it would plan on its guesses. The ORM's forms
 * (`in (...)` with many values beside an equal tenant, a list of ORs) are planned from guesses
 * while a table has not been analyzed (autovacuum is off on the machines here): 150 ids in a list
 * count as 75% of the table, and the tenant's every row is read for each batch, a cost that grows
 * with the table. A key without a column travels beside the others (`key.k<i>`: a value to
 * write, say) and matches nothing. Parameters: one array per key, then the select's own.
 */
export function keyedLateral(
  keys: readonly { readonly column?: string; readonly type: string }[],
  select: string,
  conditions: readonly string[] = [],
): string {
  if (!keys.every(({ type }) => /^[a-z][a-z0-9_ (),]*$/.test(type))) throw new Error('unexpected column type');
  const arrays = keys.map(({ type }) => `array[?]::${type}[]`).join(', ');
  const names = keys.map((_, i) => `k${i}`).join(', ');
  const matches = keys.flatMap(({ column }, i) => (column ? [`${column} = key.k${i}`] : []));
  const where = [...conditions, ...matches].join(' and ');
  return `from unnest(${arrays}) as key(${names}), lateral (${select} where ${where} offset 0) as found`;
}

/**
 * The rows of the unit of work's tenant whose properties hold one of the keys, as managed
 * entities, with one index lookup per key (keyedLateral): for set-based handlers that look up a
 * batch's rows by id, by CNPJ, by (system, external id).
 */
export async function findByKeys<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  lookup: KeyLookup<T>,
): Promise<T[]> {
  const keys = [...new Map(lookup.keys.map((key) => [JSON.stringify(key), key])).values()];
  if (keys.length === 0) return [];
  const meta = em.getMetadata().get(entity);
  const properties = lookup.properties.map((name) => (meta.properties as Record<string, EntityProperty<T>>)[name]!);
  const table = `"${meta.schema ?? em.config.get('schema')}"."${meta.tableName}"`;
  // By primary key, the tenant is checked on the row found: inside the lookup, on a small table
  // without statistics, it lets the planner prefer the tenant index and filter every row by id.
  const byPrimaryKey = properties.length === 1 && properties[0]!.primary;
  const tenant = '"tenant_id" = ?';
  const rows = await em.execute<EntityDictionary<T>[]>(
    `select found.* ${keyedLateral(
      properties.map((property) => ({ column: `"${property.fieldNames[0]}"`, type: property.columnTypes[0]! })),
      `select * from ${table}`,
      byPrimaryKey ? [] : [tenant],
    )}${byPrimaryKey ? ` where found.${tenant}` : ''}${lookup.lock ? ' for update of found' : ''}`,
    [...properties.map((_, i) => keys.map((key) => key[i]!)), tenantOf(em)],
  );
  return rows.map((row) => em.map(entity, row));
}
