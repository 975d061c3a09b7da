import { Migration } from '@mikro-orm/migrations';

/** Contacts of a company (personal data: email and phone are masked by role when read). */
export class Migration20261124000001Contacts extends Migration {
  override name = 'Migration20261124000001Contacts';

  override up(): void {
    this.addSql(`create table "accounts"."contact" (
      "id" uuid primary key,
      "tenant_id" varchar(64) not null,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null,
      "version" integer not null default 1,
      "company_id" uuid not null references "accounts"."company" ("id") on delete cascade,
      "name" text not null,
      "email" varchar(254) null,
      "phone" varchar(16) null,
      "job_title" text null,
      "meddic_role" text null check ("meddic_role" in ('ECONOMIC_BUYER', 'CHAMPION', 'DECISION_MAKER', 'INFLUENCER', 'USER')),
      "marketing_consent" boolean not null default false,
      "marketing_consent_at" timestamptz null
    )`);
    this.addSql(
      `create index "contact_tenant_company_idx" on "accounts"."contact" ("tenant_id", "company_id", "created_at", "id")`,
    );
    this.addSql(`create index "contact_company_idx" on "accounts"."contact" ("company_id")`);
  }
}
