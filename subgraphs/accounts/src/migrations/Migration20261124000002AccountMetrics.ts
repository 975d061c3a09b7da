import { Migration } from '@mikro-orm/migrations';

/**
 * The AccountMetrics projection: one row per deal, contract and beneficiary (the latest state
 * the events carried); the metrics are aggregated from these rows when read.
 */
export class Migration20261124000002AccountMetrics extends Migration {
  override name = 'Migration20261124000002AccountMetrics';

  override up(): void {
    const base = `"id" uuid primary key,
      "tenant_id" varchar(64) not null,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null,
      "version" integer not null default 1,
      "company_id" uuid not null,
      "source_version" integer not null`;
    this.addSql(`create table "accounts"."account_metrics_deal" (
      ${base},
      "stage" text not null,
      "estimated_value" numeric(14, 2) not null
    )`);
    this.addSql(`create table "accounts"."account_metrics_contract" (
      ${base},
      "status" text not null
    )`);
    this.addSql(`create table "accounts"."account_metrics_beneficiary" (
      ${base},
      "contract_id" uuid not null,
      "active" boolean not null
    )`);
    for (const table of ['account_metrics_deal', 'account_metrics_contract', 'account_metrics_beneficiary']) {
      this.addSql(`create index "${table}_tenant_company_idx" on "accounts"."${table}" ("tenant_id", "company_id")`);
    }
  }
}
