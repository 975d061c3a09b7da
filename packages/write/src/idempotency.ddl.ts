import { Migration } from '@mikro-orm/migrations';

/**
 * The idempotency keys of one subgraph schema: the first result of each (tenant, caller, key),
 * written in the same transaction as the write it answers, kept until `expires_at` (24 h).
 */
export function idempotencyDdl(schema: string): string[] {
  return [
    `create table "${schema}"."idempotency_key" (
      "tenant_id" varchar(64) not null,
      "caller" text not null,
      "key" text not null,
      "fingerprint" text not null,
      "result" jsonb null,
      "created_at" timestamptz not null,
      "expires_at" timestamptz not null,
      primary key ("tenant_id", "caller", "key")
    )`,
    `create index "idempotency_key_expires_idx" on "${schema}"."idempotency_key" ("expires_at")`,
  ];
}

type MigrationClass = new (...args: ConstructorParameters<typeof Migration>) => Migration;

/** The migration every subgraph lists after its own: the idempotency key table. */
export function idempotencyMigrations(schema: string): MigrationClass[] {
  return [
    class IdempotencyKeys extends Migration {
      override name = 'Migration20261207000001IdempotencyKeys';

      override up(): void {
        for (const sql of idempotencyDdl(schema)) this.addSql(sql);
      }
    },
  ];
}
