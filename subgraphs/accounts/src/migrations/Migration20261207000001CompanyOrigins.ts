import { Migration } from '@mikro-orm/migrations';

/** The origins of a company: every sales system and channel its orders came from. */
export class Migration20261207000001CompanyOrigins extends Migration {
  override name = 'Migration20261207000001CompanyOrigins';

  override up(): void {
    this.addSql(`create table "accounts"."company_origin" (
      "id" uuid primary key,
      "tenant_id" varchar(64) not null,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null,
      "version" integer not null default 1,
      "company_id" uuid not null references "accounts"."company" ("id") on delete cascade,
      "source_system" text not null check ("source_system" in ('PYXIS', 'TEMPO', 'SAP', 'CUSTOM', 'DIRECT')),
      "external_id" varchar(128) not null,
      "sales_channel" text not null check ("sales_channel" in ('STORE', 'WEB', 'CALL_CENTER', 'MOBILE', 'PARTNER')),
      "country_code" varchar(2) not null,
      "business_unit" varchar(64) null,
      "store_code" varchar(64) null,
      "first_order_id" varchar(128) not null,
      constraint "company_origin_unique" unique ("tenant_id", "company_id", "source_system", "external_id", "sales_channel")
    )`);
    this.addSql(`create index "company_origin_company_idx" on "accounts"."company_origin" ("company_id")`);
    this.addSql(`create index "company_origin_tenant_id_index" on "accounts"."company_origin" ("tenant_id")`);
  }
}
