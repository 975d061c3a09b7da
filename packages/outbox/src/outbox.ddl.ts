/**
 * The outbox table of one subgraph schema, with a NOTIFY trigger so the relay wakes at once.
 * Used by each subgraph's first migration.
 */
export function outboxDdl(schema: string): string[] {
  return [
    `create table "${schema}"."outbox" (
      "id" bigserial primary key,
      "event_id" uuid not null unique,
      "topic" text not null,
      "message_key" text not null,
      "payload" jsonb not null,
      "created_at" timestamptz not null default now(),
      "published_at" timestamptz null
    )`,
    `create index "outbox_unpublished_idx" on "${schema}"."outbox" ("id") where "published_at" is null`,
    `create or replace function "${schema}"."outbox_notify"() returns trigger language plpgsql as $$
      begin perform pg_notify('outbox_${schema}', ''); return null; end $$`,
    `create trigger "outbox_notify" after insert on "${schema}"."outbox"
      for each statement execute function "${schema}"."outbox_notify"()`,
  ];
}
