import type { Orm } from './create-orm.js';

/** Creates the subgraph's schema when missing and applies its pending migrations. */
export async function migrateSchema(orm: Orm, schema: string): Promise<void> {
  await orm.em.getConnection().execute(`create schema if not exists "${schema.replaceAll('"', '')}"`);
  await orm.migrator.up();
}
