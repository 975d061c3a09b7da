import { Migration } from '@mikro-orm/migrations';
import { outboxDdl } from '@salesgraph/outbox';
import { inboxDdl } from '@salesgraph/projection';

/** Sales orders: one row per (tenant, system, order id), the latest revision, with the raw payload. */
export class Migration20261207000001Init extends Migration {
  override name = 'Migration20261207000001Init';

  override up(): void {
    this.addSql(`create table "intake"."sales_order" (
      "id" uuid primary key,
      "tenant_id" varchar(64) not null,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null,
      "version" integer not null default 1,
      "source_system" text not null check ("source_system" in ('PYXIS', 'TEMPO')),
      "external_order_id" varchar(128) not null,
      "revision" integer not null check ("revision" >= 0),
      "channel" text not null check ("channel" in ('STORE', 'WEB', 'CALL_CENTER', 'MOBILE', 'PARTNER')),
      "customer_cnpj" varchar(14) not null,
      "customer" jsonb not null,
      "store_code" varchar(64) null,
      "business_unit" varchar(64) null,
      "country_code" varchar(2) not null,
      "products" jsonb not null,
      "plan_type" text not null,
      "total_lives" integer not null check ("total_lives" > 0),
      "annual_value" numeric(14, 2) not null,
      "stage" text not null check ("stage" in ('LEAD', 'QUALIFICATION', 'DISCOVERY')),
      "placed_at" timestamptz not null,
      "source_updated_at" timestamptz not null,
      "expected_close_date" date null,
      "received_via" text not null check ("received_via" in ('KAFKA', 'HTTP')),
      "raw_payload" jsonb not null,
      "metadata" jsonb not null,
      constraint "sales_order_tenant_system_external_unique" unique ("tenant_id", "source_system", "external_order_id")
    )`);
    this.addSql(`create index "sales_order_tenant_cnpj_idx" on "intake"."sales_order" ("tenant_id", "customer_cnpj")`);
    this.addSql(
      `create index "sales_order_tenant_created_idx" on "intake"."sales_order" ("tenant_id", "created_at", "id")`,
    );
    this.addSql(`create index "sales_order_tenant_id_index" on "intake"."sales_order" ("tenant_id")`);
    for (const sql of outboxDdl('intake')) this.addSql(sql);
    for (const sql of inboxDdl('intake')) this.addSql(sql);
  }
}
