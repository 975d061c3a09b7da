import { Migration } from '@mikro-orm/migrations';

/** ans_transmission: every batch sent to ANS, its signed XML, receipt and answer (audit). */
export class Migration20261207000001AnsTransmission extends Migration {
  override name = 'Migration20261207000001AnsTransmission';

  override up(): void {
    this.addSql(`create table "beneficiaries"."ans_transmission" (
      "id" uuid primary key,
      "tenant_id" varchar(64) not null,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null,
      "version" integer not null default 1,
      "contract_id" uuid not null,
      "beneficiary_count" integer not null check ("beneficiary_count" > 0),
      "transport" varchar(16) not null,
      "status" text not null check ("status" in ('QUEUED', 'SENT', 'ANSWERED', 'REFUSED')),
      "batch_xml" text not null,
      "signed_xml" text not null,
      "attempts" integer not null default 0,
      "next_attempt_at" timestamptz not null,
      "last_error" text null,
      "protocol" varchar(64) null,
      "sent_at" timestamptz null,
      "receipt_xml" text null,
      "answer_xml" text null,
      "answered_at" timestamptz null
    )`);
    this.addSql(`create index "ans_transmission_tenant_id_index" on "beneficiaries"."ans_transmission" ("tenant_id")`);
    this.addSql(
      `create index "ans_transmission_status_next_attempt_at_index" on "beneficiaries"."ans_transmission" ("status", "next_attempt_at")`,
    );
  }
}
