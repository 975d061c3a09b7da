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
