import { Migration } from '@mikro-orm/migrations';
import { outboxDdl } from '@salesgraph/outbox';
import { inboxDdl } from '@salesgraph/projection';

// Allowed values as of this migration (a later change of the enums needs a new migration).
const list = (values: readonly string[]) => values.map((value) => `'${value}'`).join(', ');
const phases = list([
  'QUALIFICATION',
  'DISCOVERY',
  'PROPOSAL',
  'APPROVAL',
  'NEGOTIATION',
  'CONTRACTING',
  'IMPLEMENTATION',
  'ONBOARDING',
  'MONITORING',
  'EXPANSION',
  'CLOSED_LOST',
]);
const roles = list([
  'SALES_REP',
  'SALES_MANAGER',
  'COMMERCIAL_DIRECTOR',
  'CEO_BOARD',
  'CUSTOMER_SUCCESS',
  'OPERATIONS',
  'LEGAL_COUNSEL',
  'SYSTEM_ADMIN',
]);

export class Migration20261123000005Init extends Migration {
  override name = 'Migration20261123000005Init';

  override up(): void {
    this.addSql(`create table "workflows"."process_instance" (
      "id" uuid primary key,
      "tenant_id" varchar(64) not null,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null,
      "version" integer not null default 1,
      "deal_id" uuid not null,
      "owner_id" varchar(128) null,
      "phase" text not null check ("phase" in (${phases})),
      "phase_entered_at" timestamptz not null,
      "phase_history" jsonb not null default '[]',
      "started_at" timestamptz not null,
      "completed_at" timestamptz null,
      "last_moved_at" timestamptz not null,
      "event_version" integer not null default 0,
      constraint "process_instance_tenant_deal_unique" unique ("tenant_id", "deal_id")
    )`);
    this.addSql(`create table "workflows"."task" (
      "id" uuid primary key,
      "tenant_id" varchar(64) not null,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null,
      "version" integer not null default 1,
      "type" text not null check ("type" in ('APPROVAL', 'IMPLEMENTATION_PLANNING', 'ANS_REGISTRATION')),
      "status" text not null check ("status" in ('OPEN', 'DONE', 'CANCELLED')),
      "assignee_role" text null check ("assignee_role" in (${roles})),
      "assignee_id" varchar(128) null,
      "due_at" timestamptz not null,
      "outcome" text null check ("outcome" in ('APPROVE', 'REJECT', 'DONE')),
      "comment" text null,
      "completed_by" varchar(128) null,
      "completed_at" timestamptz null,
      "cancel_reason" text null,
      "breached_at" timestamptz null,
      "subject_type" text not null check ("subject_type" in ('Contract', 'Beneficiary', 'Deal')),
      "subject_id" uuid not null,
      "deal_id" uuid null,
      "process_id" uuid null,
      "source_event_id" uuid not null,
      check ("assignee_role" is not null or "assignee_id" is not null),
      check (("status" = 'DONE') = ("outcome" is not null))
    )`);
    this.addSql(
      `create index "task_tenant_subject_idx" on "workflows"."task" ("tenant_id", "subject_type", "subject_id")`,
    );
    this.addSql(`create index "task_tenant_due_idx" on "workflows"."task" ("tenant_id", "due_at", "id")`);
    // The SLA sweeper's scan: open, not yet breached, by due time.
    this.addSql(
      `create index "task_sla_idx" on "workflows"."task" ("due_at", "id") where "status" = 'OPEN' and "breached_at" is null`,
    );
    for (const sql of outboxDdl('workflows')) this.addSql(sql);
    for (const sql of inboxDdl('workflows')) this.addSql(sql);
  }
}
