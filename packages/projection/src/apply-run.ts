import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventEnvelope } from '@salesgraph/events';
import { forkForTenant, keyedLateral } from '@salesgraph/orm';
import type { ApplyContext, EventHandler, ProjectionDeps, SetBasedHandler } from './process-message.js';

/** Runs a handler of either kind on events of its type (one event for an EventHandler). */
async function runHandler(
  handler: EventHandler | SetBasedHandler,
  em: EntityManager,
  events: readonly EventEnvelope[],
  context: ApplyContext,
): Promise<void> {
  if (typeof handler === 'function') {
    for (const event of events) await handler(em, event, context);
  } else {
    await handler.applyMany(em, events, context);
  }
}

/** Splits items into runs of consecutive items with the same key (===), in order. */
export function runsOf<T>(items: readonly T[], keyOf: (item: T) => unknown): T[][] {
  const runs: T[][] = [];
  for (const item of items) {
    const last = runs[runs.length - 1];
    if (last && keyOf(last[0]!) === keyOf(item)) last.push(item);
    else runs.push([item]);
  }
  return runs;
}

/** Ids travel as one comma-separated parameter (uuids hold no commas), unnested by PostgreSQL. */
const list = (values: readonly (string | number)[]) => values.join(',');

/**
 * The last applied version of each of a run's aggregates (parameters: the aggregate ids as an
 * array, consumer, tenant): an index lookup per id whatever PostgreSQL's statistics say
 * (keyedLateral; inbox.ddl.ts keeps the aggregate id first in the key; inbox-plan.int.ts).
 */
export const lastVersionsSql = (schema: string) =>
  `select found.aggregate_id, found.version ${keyedLateral(
    [{ column: 'aggregate_id', type: 'uuid' }],
    `select aggregate_id, version from "${schema}"."inbox_aggregate"`,
    ['consumer = ?', 'tenant_id = ?'],
  )}`;

/**
 * Applies a run of one tenant's events (with handlers) in ONE transaction: an event id already in
 * the inbox, or an aggregate version not above the last applied one, is a duplicate. The inbox
 * takes two statements for the whole run (record the events and read the aggregates' versions;
 * advance the versions). Returns the events applied.
 * processMessage applies a run of one; processBatch whole runs.
 */
export async function applyRun(deps: ProjectionDeps, run: readonly EventEnvelope[]): Promise<EventEnvelope[]> {
  const tenantId = run[0]!.tenantId;
  const schema = `"${deps.schema}"`;
  return forkForTenant(deps.em, tenantId).transactional(async (tx: EntityManager) => {
    // The run's events recorded in the inbox (those new to it come back) and its aggregates' last
    // applied versions, in ONE statement: rows of kind 'e' (event id) and 'a' (aggregate, version).
    const inbox = await tx.execute<{ kind: 'e' | 'a'; id: string; version: number | null }[]>(
      `with inserted as (
         insert into ${schema}."inbox_event" (consumer, event_id, tenant_id)
         select ?, id, ? from unnest(string_to_array(?, ',')::uuid[]) as id on conflict do nothing returning event_id
       )
       select 'e' as kind, event_id::text as id, null::int as version from inserted
       union all
       select 'a', v.aggregate_id::text, v.version from (${lastVersionsSql(deps.schema)}) v`,
      [
        deps.consumer,
        tenantId,
        list(run.map((event) => event.eventId)),
        [...new Set(run.map((event) => event.aggregateId))],
        deps.consumer,
        tenantId,
      ],
    );
    const fresh = new Set(inbox.filter((row) => row.kind === 'e').map((row) => row.id));
    const versions = new Map(inbox.filter((row) => row.kind === 'a').map((row) => [row.id, row.version!]));
    const applied: EventEnvelope[] = [];
    for (const event of run) {
      // delete: the same event twice in one run is applied once.
      if (!fresh.delete(event.eventId)) continue;
      const last = versions.get(event.aggregateId);
      if (last !== undefined && event.aggregateVersion <= last) continue;
      versions.set(event.aggregateId, event.aggregateVersion);
      applied.push(event);
    }
    const context = { replaying: deps.replaying ?? false };
    // A set-based handler gets each run of consecutive events it handles at once; any other
    // handler one event at a time.
    const runKey = (event: EventEnvelope) =>
      typeof deps.handlers[event.eventType] === 'function' ? event : deps.handlers[event.eventType];
    for (const events of runsOf(applied, runKey)) {
      await runHandler(deps.handlers[events[0]!.eventType]!, tx, events, context);
      // Written now and forgotten by the unit of work, so that flushing the next events does
      // not walk every entity the run has loaded so far.
      await tx.flush();
      tx.clear();
    }
    const advanced = [...new Set(applied.map((event) => event.aggregateId))];
    if (advanced.length > 0) {
      await tx.execute(
        `insert into ${schema}."inbox_aggregate" (consumer, tenant_id, aggregate_id, version)
         select ?, ?, a.id, a.version
           from unnest(string_to_array(?, ',')::uuid[], string_to_array(?, ',')::int[]) as a(id, version)
         on conflict (consumer, tenant_id, aggregate_id) do update set version = excluded.version
         where "inbox_aggregate".version < excluded.version`,
        [deps.consumer, tenantId, list(advanced), list(advanced.map((id) => versions.get(id)!))],
      );
    }
    return applied;
  });
}
