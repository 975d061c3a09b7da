import { Migration } from '@mikro-orm/migrations';

const base = `"id" uuid primary key, "tenant_id" varchar(64) not null, "created_at" timestamptz not null,
      "updated_at" timestamptz not null, "version" integer not null default 1`;

/** Notifications: recipients and their preferences, deliveries, and the deals/contracts they name. */
export class Migration20261207000001Notifications extends Migration {
  override name = 'Migration20261207000001Notifications';

  override up(): void {
    this.addSql(`create table "workflows"."notification_recipient" (${base},
      "user_id" varchar(128) not null, "name" text not null, "email" text null, "phone" text null,
      "roles" text[] not null, "channels" text[] not null, "opted_out" boolean not null default false,
      "opted_out_at" timestamptz null,
      constraint "notification_recipient_tenant_id_user_id_unique" unique ("tenant_id", "user_id"))`);
    this.addSql(`create table "workflows"."notification_delivery" (${base},
      "source_key" varchar(200) not null, "recipient_user_id" varchar(128) not null, "channel" varchar(16) not null,
      "kind" varchar(40) not null, "facts" jsonb not null,
      "status" text not null check ("status" in ('PENDING', 'SENT', 'DEAD_LETTER', 'SKIPPED_OPT_OUT', 'SKIPPED_NO_CHANNEL')),
      "attempts" integer not null default 0, "next_attempt_at" timestamptz not null, "last_error" text null,
      "provider_message_id" text null, "sent_at" timestamptz null,
      constraint "notification_delivery_unique" unique ("tenant_id", "source_key", "recipient_user_id", "channel"))`);
    this.addSql(
      `create index "notification_delivery_pending_index" on "workflows"."notification_delivery" ("next_attempt_at") where "status" = 'PENDING'`,
    );
    this.addSql(
      `create table "workflows"."notification_deal" (${base}, "title" text not null, "owner_id" varchar(128) not null)`,
    );
    this.addSql(
      `create table "workflows"."notification_contract" (${base}, "number" varchar(16) not null, "deal_id" uuid not null)`,
    );
  }
}
