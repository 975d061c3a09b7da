import { Migration } from '@mikro-orm/migrations';
import { outboxDdl } from '@salesgraph/outbox';
import { inboxDdl } from '@salesgraph/projection';

export class Migration20261123000001Init extends Migration {
  override name = 'Migration20261123000001Init';

  override up(): void {
    this.addSql(`create table "accounts"."company" (
      "id" uuid primary key,
      "tenant_id" varchar(64) not null,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null,
      "version" integer not null default 1,
      "legal_name" text not null,
      "trade_name" text null,
      "cnpj" varchar(14) not null,
      "industry" text null,
      "employee_count" integer not null check ("employee_count" >= 0),
      "segment" text not null check ("segment" in ('SMB', 'MID', 'ENTERPRISE')),
      "owner_id" varchar(128) not null,
      "parent_id" uuid null references "accounts"."company" ("id") on delete set null,
      "source_system" text not null check ("source_system" in ('PYXIS', 'TEMPO', 'SAP', 'CUSTOM', 'DIRECT')),
      "external_id" varchar(128) null,
      "sales_channel" text null check ("sales_channel" in ('STORE', 'WEB', 'CALL_CENTER', 'MOBILE', 'PARTNER')),
      "country_code" varchar(2) not null,
      "business_unit" varchar(64) null,
      "store_code" varchar(64) null,
      constraint "company_tenant_cnpj_unique" unique ("tenant_id", "cnpj"),
      constraint "company_tenant_source_external_unique" unique ("tenant_id", "source_system", "external_id")
    )`);
    this.addSql(`create index "company_tenant_created_idx" on "accounts"."company" ("tenant_id", "created_at", "id")`);
    this.addSql(`create index "company_tenant_id_index" on "accounts"."company" ("tenant_id")`);
    for (const sql of outboxDdl('accounts')) this.addSql(sql);
    for (const sql of inboxDdl('accounts')) this.addSql(sql);
  }
}
