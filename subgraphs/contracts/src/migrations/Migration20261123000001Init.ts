import { Migration } from '@mikro-orm/migrations';
import { outboxDdl } from '@salesgraph/outbox';
import { inboxDdl } from '@salesgraph/projection';

const statuses = `'DRAFT', 'PENDING_APPROVAL', 'APPROVED', 'REJECTED', 'SENT_FOR_SIGNATURE', 'SIGNED', 'ACTIVE', 'SUSPENDED', 'TERMINATED'`;
const levels = `'AUTO', 'SALES_MANAGER', 'COMMERCIAL_DIRECTOR', 'CEO_BOARD'`;
const planTypes = `'AMBULATORIAL', 'HOSPITALAR', 'HOSPITALAR_OBSTETRICIA', 'REFERENCIA', 'ODONTOLOGICO'`;

export class Migration20261123000001Init extends Migration {
  override name = 'Migration20261123000001Init';

  override up(): void {
    this.addSql(`create table "contracts"."contract" (
      "id" uuid primary key,
      "tenant_id" varchar(64) not null,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null,
      "version" integer not null default 1,
      "number" varchar(14) not null check ("number" ~ '^CT-[0-9]{4}-[0-9]{6}$'),
      "company_id" uuid not null,
      "deal_id" uuid not null,
      "plan_type" text not null check ("plan_type" in (${planTypes})),
      "monthly_premium_per_life" numeric(14, 2) not null check ("monthly_premium_per_life" > 0),
      "contracted_lives" integer not null check ("contracted_lives" > 0),
      "discount_percent" numeric(4, 2) not null check ("discount_percent" between 0 and 30),
      "monthly_value" numeric(16, 2) not null check ("monthly_value" >= 0),
      "annual_value" numeric(16, 2) not null check ("annual_value" = "monthly_value" * 12),
      "start_date" date not null,
      "end_date" date not null,
      "status" text not null check ("status" in (${statuses})),
      "approval_level" text not null check ("approval_level" in (${levels})),
      "approved_by" varchar(128) null,
      "rejection_reason" text null,
      "signature_provider" varchar(32) null,
      "signature_envelope_id" varchar(128) null,
      "signature_signers" jsonb null,
      "signature_status" text null check ("signature_status" in ('SENT', 'SIGNED')),
      "signature_signed_at" timestamptz null,
      "event_sequence" integer not null default 0,
      constraint "contract_dates_check" check ("end_date" > "start_date"),
      constraint "contract_tenant_number_unique" unique ("tenant_id", "number")
    )`);
    this.addSql(`create index "contract_tenant_company_idx" on "contracts"."contract" ("tenant_id", "company_id")`);
    this.addSql(`create index "contract_tenant_deal_idx" on "contracts"."contract" ("tenant_id", "deal_id")`);
    this.addSql(
      `create index "contract_tenant_created_idx" on "contracts"."contract" ("tenant_id", "created_at", "id")`,
    );
    this.addSql(
      `create unique index "contract_signature_envelope_unique" on "contracts"."contract" ("signature_provider", "signature_envelope_id") where "signature_envelope_id" is not null`,
    );
    this.addSql(`create table "contracts"."contract_number_sequence" (
      "tenant_id" varchar(64) not null,
      "year" integer not null,
      "last_value" integer not null,
      primary key ("tenant_id", "year")
    )`);
    this.addSql(`create table "contracts"."deal_snapshot" (
      "id" uuid primary key,
      "tenant_id" varchar(64) not null,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null,
      "version" integer not null default 1,
      "company_id" uuid not null,
      "owner_id" varchar(128) not null,
      "stage" varchar(16) not null
    )`);
    this.addSql(`create index "deal_snapshot_tenant_idx" on "contracts"."deal_snapshot" ("tenant_id")`);
    this.addSql(`create index "deal_snapshot_owner_idx" on "contracts"."deal_snapshot" ("owner_id")`);
    for (const sql of outboxDdl('contracts')) this.addSql(sql);
    for (const sql of inboxDdl('contracts')) this.addSql(sql);
  }
}
