import { Migration } from '@mikro-orm/migrations';

/** The deal of each sales order (deals.sales-order-deals projection). */
export class Migration20261207000001SalesOrderDeals extends Migration {
  override name = 'Migration20261207000001SalesOrderDeals';

  override up(): void {
    this.addSql(`create table "deals"."sales_order_deal" (
      "sales_order_id" uuid primary key,
      "tenant_id" varchar(64) not null,
      "deal_id" uuid not null references "deals"."deal" ("id") on delete cascade,
      "revision" integer not null
    )`);
    this.addSql(`create index "sales_order_deal_deal_idx" on "deals"."sales_order_deal" ("deal_id")`);
  }
}
