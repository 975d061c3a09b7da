import { Migration } from '@mikro-orm/migrations';

/**
 * The inbox of one subgraph schema: which events each projection applied (event id unique)
 * and the last applied version per aggregate (monotonic). Written in the same transaction
 * as the projection change, so redelivery is harmless.
 */
export function inboxDdl(schema: string): string[] {
  return [
    `create table "${schema}"."inbox_event" (
      "consumer" text not null,
      "event_id" uuid not null,
      "applied_at" timestamptz not null default now(),
      primary key ("consumer", "event_id")
    )`,
    `create table "${schema}"."inbox_aggregate" (
      "consumer" text not null,
      "tenant_id" varchar(64) not null,
      "aggregate_id" uuid not null,
      "version" integer not null,
      primary key ("consumer", "tenant_id", "aggregate_id")
    )`,
  ];
}

/**
 * Added after the first release: the tenant of each applied event, so that `EventStatus`
 * answers a caller only about events of its own tenant. Rows written before it have none and
 * are reported as not applied (read-your-writes only ever asks about events just written).
 */
export function inboxTenantDdl(schema: string): string[] {
  return [`alter table "${schema}"."inbox_event" add column "tenant_id" varchar(64)`];
}

/** The migration every subgraph lists after its first ones: inboxTenantDdl. */
export function inboxTenantMigration(schema: string): new (...args: ConstructorParameters<typeof Migration>) => Migration {
  return class InboxTenant extends Migration {
    override name = 'Migration20261127000001InboxTenant';

    override up(): void {
      for (const sql of inboxTenantDdl(schema)) this.addSql(sql);
    }
  };
}
