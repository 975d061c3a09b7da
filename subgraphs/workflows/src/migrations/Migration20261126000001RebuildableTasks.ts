import { Migration } from '@mikro-orm/migrations';

/**
 * Processes are recomputed from all their causes in time order (process-history.ts), so the row
 * keeps them instead of `last_moved_at`. Existing rows get the causes their history records (the
 * events that moved them; ones that did not were not kept before), numbered in history order.
 * The outbox is looked up by message key (aggregate id): the SLA sweeper skips tasks whose row is
 * behind their own events, and a new process numbers its events after those recorded for its id.
 */
export class Migration20261126000001RebuildableTasks extends Migration {
  override name = 'Migration20261126000001RebuildableTasks';

  override up(): void {
    this.addSql(`alter table "workflows"."process_instance" add column "causes" jsonb not null default '[]'`);
    this.addSql(`update "workflows"."process_instance" p set "causes" = (
      select coalesce(jsonb_agg(jsonb_build_object(
        'at', entry->>'enteredAt',
        'kind', case when entry->>'cause' like 'deal.%' then 'stage' else 'contract' end,
        'phase', entry->>'phase',
        'cause', entry->>'cause',
        'version', position,
        'eventId', ''
      ) order by position), '[]')
      from jsonb_array_elements(p."phase_history") with ordinality as history(entry, position)
    )`);
    this.addSql(`alter table "workflows"."process_instance" drop column "last_moved_at"`);
    this.addSql(`create index "outbox_message_key_idx" on "workflows"."outbox" ("message_key")`);
  }
}
