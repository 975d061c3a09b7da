import { Migration } from '@mikro-orm/migrations';

// Spelled out (not imported from deal-stage.ts) so this migration stays as it shipped.
const stages = `'LEAD', 'QUALIFICATION', 'DISCOVERY', 'PROPOSAL', 'NEGOTIATION', 'CLOSED_WON', 'CLOSED_LOST'`;
const probability = `coalesce("probability_override", case "stage" when 'LEAD' then 5 when 'QUALIFICATION' then 10 when 'DISCOVERY' then 20
  when 'PROPOSAL' then 40 when 'NEGOTIATION' then 60 when 'CLOSED_WON' then 100 when 'CLOSED_LOST' then 0 end)`;

/**
 * PipelineSummary becomes the projection `deals.pipeline-summary`: `pipeline_deal` (one row per
 * deal) and `pipeline_summary` (the tenant's figures) are its tables; `pipeline` keeps only the
 * aggregate's version, which a rebuild must not reset.
 *
 * Both tables are seeded once, here, with the state the deal events have carried so far (each
 * deal at its last event's version, the figures last announced), so the new consumer group's
 * first pass over the existing history changes nothing and re-announces nothing; from then on
 * only events feed them.
 */
export class Migration20261125000001PipelineProjection extends Migration {
  override name = 'Migration20261125000001PipelineProjection';

  override up(): void {
    this.addSql(`create table "deals"."pipeline_deal" (
      "id" uuid primary key,
      "tenant_id" varchar(64) not null,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null,
      "version" integer not null default 1,
      "source_version" integer not null,
      "stage" text not null check ("stage" in (${stages})),
      "estimated_value" numeric(14, 2) not null,
      "probability" integer not null check ("probability" between 0 and 100)
    )`);
    this.addSql(`create index "pipeline_deal_tenant_stage_idx" on "deals"."pipeline_deal" ("tenant_id", "stage")`);
    this.addSql(`create table "deals"."pipeline_summary" (
      "id" uuid primary key,
      "tenant_id" varchar(64) not null unique,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null,
      "version" integer not null default 1,
      "stages" jsonb not null,
      "totals" jsonb not null,
      "open_totals" jsonb not null
    )`);

    this
      .addSql(`insert into "deals"."pipeline_deal" ("id", "tenant_id", "created_at", "updated_at", "source_version", "stage", "estimated_value", "probability")
      select "id", "tenant_id", "created_at", "updated_at", "event_sequence", "stage", "estimated_value", ${probability} from "deals"."deal"`);
    this
      .addSql(`insert into "deals"."pipeline_summary" ("id", "tenant_id", "created_at", "updated_at", "stages", "totals", "open_totals")
      select "id", "tenant_id", "created_at", "updated_at", "stages", "totals", "open_totals" from "deals"."pipeline" where "version" > 0`);
    for (const column of ['stages', 'totals', 'open_totals'])
      this.addSql(`alter table "deals"."pipeline" drop column "${column}"`);
  }
}
