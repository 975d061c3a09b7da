import { Migration } from '@mikro-orm/migrations';

type MigrationClass = new (...args: ConstructorParameters<typeof Migration>) => Migration;

/**
 * A migration that drops single-column `tenant_id` indexes from tables that have composite
 * indexes led by `tenant_id` (a unique key, the list order): those serve a tenant filter as well,
 * and the single-column one is a trap while a table has no statistics (autovacuum is off on the
 * machines here). Every lookup by key beside the tenant then costs the planner one estimated row
 * either way, the smaller tenant index wins, and each lookup reads every row of the tenant
 * (find-by-keys.int.ts). One index less to maintain on every insert, too.
 */
export function dropTenantIndexes(name: string, schema: string, indexes: readonly string[]): MigrationClass {
  return class DropTenantIndexes extends Migration {
    override name = name;

    override up(): void {
      for (const index of indexes) this.addSql(`drop index if exists "${schema}"."${index}"`);
    }
  };
}
