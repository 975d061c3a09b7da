import { Migration } from '@mikro-orm/migrations';

const meddicColumns = [
  'metrics',
  'economic_buyer',
  'decision_criteria',
  'decision_process',
  'identify_pain',
  'champion',
];

/**
 * MEDDIC sub-scores and the per-deal event sequence on `deal`; the per-contact MEDDIC roles
 * of AccountSummary; the per-tenant `pipeline` row (PipelineSummary and its version counter).
 */
export class Migration20261124000001Pipeline extends Migration {
  override name = 'Migration20261124000001Pipeline';

  override up(): void {
    for (const column of meddicColumns) {
      this.addSql(
        `alter table "deals"."deal" add column "meddic_${column}" smallint not null default 0 check ("meddic_${column}" between 0 and 5)`,
      );
    }
    // aggregateVersion of the deal's last event: one change can emit several events (stage_changed + won).
    this.addSql(`alter table "deals"."deal" add column "event_sequence" integer not null default 0`);
    this.addSql(`update "deals"."deal" set "event_sequence" = "version"`);
    this.addSql(`create index "deal_tenant_stage_idx" on "deals"."deal" ("tenant_id", "stage")`);
    this.addSql(`create index "deal_tenant_close_idx" on "deals"."deal" ("tenant_id", "expected_close_date")`);

    this.addSql(`create table "deals"."account_contact" (
      "id" uuid primary key,
      "tenant_id" varchar(64) not null,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null,
      "version" integer not null default 1,
      "company_id" uuid not null,
      "meddic_role" text null,
      "erased" boolean not null default false
    )`);
    this.addSql(
      `create index "account_contact_tenant_company_idx" on "deals"."account_contact" ("tenant_id", "company_id")`,
    );
    this.addSql(
      `create index "account_summary_tenant_segment_idx" on "deals"."account_summary" ("tenant_id", "segment")`,
    );

    this.addSql(`create table "deals"."pipeline" (
      "id" uuid primary key,
      "tenant_id" varchar(64) not null unique,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null,
      "version" integer not null default 0,
      "stages" jsonb not null default '[]',
      "totals" jsonb not null,
      "open_totals" jsonb not null
    )`);
  }
}
