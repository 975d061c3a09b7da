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

/**
 * Added after the first release: the aggregate id leads the key of `inbox_aggregate`. Under the
 * first key (consumer, tenant, aggregate) a table PostgreSQL has not analyzed yet (autovacuum
 * off, or not yet run after a burst) looked like one row per consumer and tenant, so the lookup of
 * a run's aggregates (`aggregate_id = any(...)`) walked every row of the tenant — 40-70 ms per
 * transaction at 60,000 aggregates. With the aggregate first, no plan can skip it.
 */
export function inboxAggregateKeyDdl(schema: string): string[] {
  return [
    `alter table "${schema}"."inbox_aggregate" drop constraint "inbox_aggregate_pkey",
       add constraint "inbox_aggregate_pkey" primary key ("aggregate_id", "consumer", "tenant_id")`,
  ];
}

/** Changes to the inbox after `inboxDdl`, oldest first: each subgraph lists them as migrations. */
const inboxUpgrades = [
  { name: 'Migration20261127000001InboxTenant', ddl: inboxTenantDdl },
  { name: 'Migration20261128000001InboxAggregateKey', ddl: inboxAggregateKeyDdl },
] as const;

/** Every inbox upgrade's DDL, in order (for tests that build the inbox without migrations). */
export function inboxUpgradeDdl(schema: string): string[] {
  return inboxUpgrades.flatMap((upgrade) => upgrade.ddl(schema));
}

type MigrationClass = new (...args: ConstructorParameters<typeof Migration>) => Migration;

/** The migrations every subgraph lists after its first ones: one per inbox upgrade. */
export function inboxMigrations(schema: string): MigrationClass[] {
  return inboxUpgrades.map(
    (upgrade) =>
      class InboxUpgrade extends Migration {
        override name = upgrade.name;

        override up(): void {
          for (const sql of upgrade.ddl(schema)) this.addSql(sql);
        }
      },
  );
}
