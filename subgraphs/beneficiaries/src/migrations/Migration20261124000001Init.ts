import { Migration } from '@mikro-orm/migrations';
import { outboxDdl } from '@salesgraph/outbox';
import { inboxDdl } from '@salesgraph/projection';

const relationships = `'HOLDER', 'SPOUSE', 'CHILD', 'OTHER_DEPENDENT'`;
const ansStatuses = `'PENDING', 'SUBMITTED', 'REGISTERED', 'REJECTED'`;

export class Migration20261124000001Init extends Migration {
  override name = 'Migration20261124000001Init';

  override up(): void {
    this.addSql(`create table "beneficiaries"."contract_snapshot" (
      "id" uuid primary key,
      "tenant_id" varchar(64) not null,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null,
      "version" integer not null default 1,
      "number" varchar(16) not null,
      "company_id" uuid not null,
      "plan_type" varchar(32) not null,
      "contracted_lives" integer not null check ("contracted_lives" > 0),
      "status" varchar(32) not null
    )`);
    this.addSql(
      `create index "contract_snapshot_tenant_id_index" on "beneficiaries"."contract_snapshot" ("tenant_id")`,
    );
    this.addSql(`create sequence "beneficiaries"."health_card_seq"`);
    this.addSql(`create table "beneficiaries"."beneficiary" (
      "id" uuid primary key,
      "tenant_id" varchar(64) not null,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null,
      "version" integer not null default 1,
      "contract_id" uuid not null,
      "company_id" uuid not null,
      "cpf" varchar(11) null check ("cpf" ~ '^[0-9]{11}$'),
      "name" text not null,
      "birth_date" date null,
      "relationship" text not null check ("relationship" in (${relationships})),
      "holder_id" uuid null,
      "health_card_number" varchar(16) not null,
      "included_at" timestamptz not null,
      "inclusion_date" date not null,
      "ans_status" text not null default 'PENDING' check ("ans_status" in (${ansStatuses})),
      "ans_deadline" timestamptz not null,
      "ans_registration_id" text null,
      "ans_batch_id" uuid null,
      "ans_submitted_at" timestamptz null,
      "ans_rejection_reason" text null,
      "removed_at" timestamptz null,
      "erased_at" timestamptz null,
      constraint "beneficiary_health_card_unique" unique ("health_card_number"),
      constraint "beneficiary_id_contract_unique" unique ("id", "contract_id"),
      constraint "beneficiary_holder_same_contract_fk" foreign key ("holder_id", "contract_id")
        references "beneficiaries"."beneficiary" ("id", "contract_id") deferrable initially deferred,
      constraint "beneficiary_holder_iff_dependent" check (("relationship" = 'HOLDER') = ("holder_id" is null)),
      constraint "beneficiary_personal_data_unless_erased" check ("erased_at" is not null or ("cpf" is not null and "birth_date" is not null)),
      constraint "beneficiary_ans_deadline_72h" check ("ans_deadline" = "included_at" + interval '72 hours')
    )`);
    this.addSql(
      `create unique index "beneficiary_tenant_active_cpf_unique" on "beneficiaries"."beneficiary" ("tenant_id", "cpf") where "removed_at" is null`,
    );
    this.addSql(`create index "beneficiary_tenant_cpf_idx" on "beneficiaries"."beneficiary" ("tenant_id", "cpf")`);
    this.addSql(
      `create index "beneficiary_tenant_contract_created_idx" on "beneficiaries"."beneficiary" ("tenant_id", "contract_id", "created_at", "id")`,
    );
    this.addSql(
      `create index "beneficiary_tenant_created_idx" on "beneficiaries"."beneficiary" ("tenant_id", "created_at", "id")`,
    );
    this.addSql(`create index "beneficiary_tenant_id_index" on "beneficiaries"."beneficiary" ("tenant_id")`);
    this.addSql(
      `create index "beneficiary_holder_idx" on "beneficiaries"."beneficiary" ("holder_id") where "holder_id" is not null`,
    );
    for (const sql of outboxDdl('beneficiaries')) this.addSql(sql);
    for (const sql of inboxDdl('beneficiaries')) this.addSql(sql);
  }
}
