import { Migration } from '@mikro-orm/migrations';
import { outboxDdl } from '@salesgraph/outbox';
import { inboxDdl } from '@salesgraph/projection';

const stages = `'LEAD', 'QUALIFICATION', 'DISCOVERY', 'PROPOSAL', 'NEGOTIATION', 'CLOSED_WON', 'CLOSED_LOST'`;
const planTypes = `'AMBULATORIAL', 'HOSPITALAR', 'HOSPITALAR_OBSTETRICIA', 'REFERENCIA', 'ODONTOLOGICO'`;

export class Migration20261123000001Init extends Migration {
  override name = 'Migration20261123000001Init';

  override up(): void {
    this.addSql(`create table "deals"."deal" (
      "id" uuid primary key,
      "tenant_id" varchar(64) not null,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null,
      "version" integer not null default 1,
      "company_id" uuid not null,
      "owner_id" varchar(128) not null,
      "title" text not null,
      "stage" text not null check ("stage" in (${stages})),
      "estimated_value" numeric(14, 2) not null check ("estimated_value" >= 0),
      "estimated_lives" integer not null check ("estimated_lives" > 0),
      "plan_type" text null check ("plan_type" in (${planTypes})),
      "expected_close_date" date null,
      "probability_override" integer null check ("probability_override" between 0 and 100),
      "lost_reason" text null,
      "stage_history" jsonb not null default '[]'
    )`);
    this.addSql(`create index "deal_tenant_company_idx" on "deals"."deal" ("tenant_id", "company_id")`);
    this.addSql(`create index "deal_tenant_owner_idx" on "deals"."deal" ("tenant_id", "owner_id")`);
    this.addSql(`create index "deal_tenant_created_idx" on "deals"."deal" ("tenant_id", "created_at", "id")`);
    this.addSql(`create table "deals"."account_summary" (
      "id" uuid primary key,
      "tenant_id" varchar(64) not null,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null,
      "version" integer not null default 1,
      "legal_name" text not null,
      "trade_name" text null,
      "segment" varchar(16) not null,
      "owner_id" varchar(128) not null,
      "economic_buyers" integer not null default 0,
      "champions" integer not null default 0,
      "erased" boolean not null default false
    )`);
    this.addSql(
      `create index "account_summary_tenant_name_idx" on "deals"."account_summary" ("tenant_id", "legal_name")`,
    );
    for (const sql of outboxDdl('deals')) this.addSql(sql);
    for (const sql of inboxDdl('deals')) this.addSql(sql);
  }
}
