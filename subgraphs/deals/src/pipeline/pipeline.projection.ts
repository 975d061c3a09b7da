import type { EntityManager } from '@mikro-orm/postgresql';
import { createEvent, dealsEvents, topics, type EventData, type EventEnvelope } from '@salesgraph/events';
import { recordEvent } from '@salesgraph/outbox';
import { setBased, type ApplyContext, type ProjectionDefinition } from '@salesgraph/projection';
import { keyedLateral, tenantOf } from '@salesgraph/orm';
import type { PipelineStageTotals, PipelineTotals } from './pipeline.entity.js';
import { pipelineIdOf } from './pipeline-id.js';
import { sameFigures, type PipelineFigures } from './pipeline.service.js';
import {
  dealPart,
  figuresFromSums,
  loadStageSums,
  moveDeal,
  type DealPart,
  type StageSums,
} from './pipeline.figures.js';
import { handleAll } from '@salesgraph/subgraph';

type DealSnapshot = EventData<'deal.created'>['deal'];

interface DealRow {
  id: string;
  tenant_id: string;
  source_version: number;
  stage: string;
  estimated_value: string;
  probability: number;
}

/** What one deal event does to its deal's part in the figures; null when it cannot move them. */
type DealChange = { readonly previous: DealPart | null; readonly next: DealPart } | null;

/**
 * Replaces the `pipeline_deal` rows of a run's deals with the stage, value and probability their
 * events carry, as applying the events one by one would: the rows are read `for update` with one
 * statement, each event checked in order against its deal's state so far, and the final states
 * written with one statement. The inbox already drops redelivered and older events; the
 * `source_version` check keeps the rows order-safe on their own too (and makes a replay over rows
 * seeded by the migration a no-op), and a row of another tenant is never touched. Returns, per
 * event, the deal's part in the figures before and after when they may have moved; null when the
 * event was ignored or changed none of the three (a title, date or MEDDIC change).
 */
async function replaceDeals(em: EntityManager, events: readonly EventEnvelope[]) {
  const snapshots = events.map((event) => (event.data as EventData<'deal.created'>).deal);
  const stored = await em.execute<DealRow[]>(
    `select found.* ${keyedLateral(
      [{ column: 'id', type: 'uuid' }],
      `select id, tenant_id, source_version, stage, estimated_value::text as estimated_value, probability
         from deals.pipeline_deal`,
    )} for update of found`,
    [[...new Set(snapshots.map((deal) => deal.id))]],
  );
  const state = new Map(
    stored.map((row) => [row.id, { ...row, part: dealPart(row.stage, row.estimated_value, row.probability) }]),
  );
  const written = new Map<string, Record<string, unknown>>();
  const changes = events.map((event, index): DealChange => {
    const deal = snapshots[index]!;
    const previous = state.get(deal.id);
    if (previous && (previous.tenant_id !== tenantOf(em) || previous.source_version >= event.aggregateVersion))
      return null;
    const next = dealPart(deal.stage, deal.estimatedValue, deal.probability);
    state.set(deal.id, {
      ...(previous ?? { id: deal.id, tenant_id: tenantOf(em) }),
      source_version: event.aggregateVersion,
      stage: deal.stage,
      estimated_value: deal.estimatedValue,
      probability: deal.probability,
      part: next,
    });
    written.set(deal.id, {
      id: deal.id,
      created_at: written.get(deal.id)?.['created_at'] ?? event.occurredAt,
      updated_at: event.occurredAt,
      source_version: event.aggregateVersion,
      stage: deal.stage,
      estimated_value: deal.estimatedValue,
      probability: deal.probability,
    });
    const before = previous?.part ?? null;
    const moved =
      !before || before.stage !== next.stage || before.cents !== next.cents || before.weighted !== next.weighted;
    return moved ? { previous: before, next } : null;
  });
  /** Writes the rows' final states (after the caller has read the figures they replace). */
  const write = async () => {
    if (written.size === 0) return;
    await em.execute(
      `insert into deals.pipeline_deal (id, tenant_id, created_at, updated_at, source_version, stage, estimated_value, probability)
       select r.id, ?, r.created_at, r.updated_at, r.source_version, r.stage, r.estimated_value, r.probability
         from jsonb_to_recordset(?::jsonb) as r(id uuid, created_at timestamptz, updated_at timestamptz,
              source_version int, stage text, estimated_value numeric, probability int)
       on conflict (id) do update set updated_at = excluded.updated_at, source_version = excluded.source_version,
         stage = excluded.stage, estimated_value = excluded.estimated_value, probability = excluded.probability`,
      [tenantOf(em), JSON.stringify([...written.values()])],
    );
  };
  return { changes, write };
}

/**
 * The tenant's pipeline version, its row locked `for update` until the transaction ends (created
 * at version 0 on first use). Deals of one tenant travel on different partitions, which several
 * consumers may apply at once: the lock makes each summary include every change committed before.
 */
async function lockPipeline(em: EntityManager, id: string): Promise<number> {
  await em.execute(
    `insert into deals.pipeline (id, tenant_id, created_at, updated_at, version) values (?, ?, now(), now(), 0) on conflict (id) do nothing`,
    [id, tenantOf(em)],
  );
  const [row] = await em.execute<{ version: number }[]>(
    `select version from deals.pipeline where id = ? and tenant_id = ? for update`,
    [id, tenantOf(em)],
  );
  return row!.version;
}

interface StoredFigures {
  stages: PipelineStageTotals[];
  totals: PipelineTotals;
  open_totals: PipelineTotals;
}

async function storedFigures(em: EntityManager, id: string): Promise<PipelineFigures | null> {
  const [row] = await em.execute<StoredFigures[]>(
    `select stages, totals, open_totals from deals.pipeline_summary where id = ? and tenant_id = ?`,
    [id, tenantOf(em)],
  );
  return row ? { stages: row.stages, totals: row.totals, openTotals: row.open_totals } : null;
}

/**
 * created_at/updated_at are the first and latest occurredAt of the deal events that moved the
 * figures (`changed`: the earliest and latest of a run; least/greatest: a rebuild replays the partitions in another order than they were
 * applied live, and must end with the same row).
 */
async function storeFigures(
  em: EntityManager,
  id: string,
  figures: PipelineFigures,
  changed: { readonly first: string; readonly last: string },
): Promise<void> {
  await em.execute(
    `insert into deals.pipeline_summary as existing (id, tenant_id, created_at, updated_at, stages, totals, open_totals)
     values (?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb)
     on conflict (id) do update set stages = excluded.stages, totals = excluded.totals, open_totals = excluded.open_totals,
       created_at = least(existing.created_at, excluded.created_at), updated_at = greatest(existing.updated_at, excluded.updated_at)
     where existing.tenant_id = excluded.tenant_id`,
    [
      id,
      tenantOf(em),
      changed.first,
      changed.last,
      JSON.stringify(figures.stages),
      JSON.stringify(figures.totals),
      JSON.stringify(figures.openTotals),
    ],
  );
}

/** The tenant's pipeline while a run is applied: locked, its exact sums, what was last stored or announced. */
interface OpenPipeline {
  readonly id: string;
  version: number;
  readonly sums: StageSums;
  figures: PipelineFigures | null;
  /** occurredAt of the events that moved the figures (the stored row's created_at/updated_at). */
  readonly changedAt: string[];
}

/**
 * A run of deal events, with the result of applying them one at a time. Each deal's row is
 * replaced; when that may move the tenant's figures, the tenant's `pipeline` row is locked (at the
 * first such event of the run, after its deal's row) and its figures read with one aggregate
 * statement, then kept up to date exactly, deal by deal. Each event after which the figures
 * differ from the last stored or announced ones records, live only, `pipeline.summary_changed`
 * (aggregateVersion = the pipeline's next version, actor and traceparent of that deal event) in
 * the outbox; the run's last figures and version are stored once. A rebuild's replay stores the
 * figures but announces nothing: those changes were announced when they happened.
 */
async function applyDealEvents(
  em: EntityManager,
  events: readonly EventEnvelope[],
  { replaying }: ApplyContext,
): Promise<void> {
  const { changes, write } = await replaceDeals(em, events);
  let pipeline: OpenPipeline | null = null;
  if (changes.some((change) => change !== null)) {
    // The figures before the run, read before its rows are written; then moved event by event.
    const id = pipelineIdOf(tenantOf(em));
    const version = await lockPipeline(em, id);
    pipeline = { id, version, sums: await loadStageSums(em), figures: await storedFigures(em, id), changedAt: [] };
  }
  await write();
  for (const [index, event] of events.entries()) {
    const change = changes[index];
    if (!pipeline || !change) continue;
    moveDeal(pipeline.sums, change.previous, change.next);
    const figures = figuresFromSums(pipeline.sums);
    if (pipeline.figures && sameFigures(pipeline.figures, figures)) continue;
    pipeline.figures = figures;
    pipeline.changedAt.push(event.occurredAt);
    if (replaying) continue;
    pipeline.version += 1;
    recordEvent(
      em,
      createEvent({
        eventType: 'pipeline.summary_changed',
        tenantId: tenantOf(em),
        aggregateType: 'pipeline',
        aggregateId: pipeline.id,
        aggregateVersion: pipeline.version,
        source: 'deals',
        actor: event.actor,
        traceparent: event.traceparent,
        data: { stages: figures.stages, totals: figures.totals },
      }),
    );
  }
  if (!pipeline?.figures || pipeline.changedAt.length === 0) return;
  const times = [...pipeline.changedAt].sort((a, b) => Date.parse(a) - Date.parse(b));
  await storeFigures(em, pipeline.id, pipeline.figures, { first: times[0]!, last: times[times.length - 1]! });
  if (!replaying)
    await em.execute(`update deals.pipeline set version = ?, updated_at = now() where id = ?`, [
      pipeline.version,
      pipeline.id,
    ]);
  await em.flush();
}

/**
 * Every deal event type, although won/lost/reopened follow a stage_changed carrying the same
 * figures: a mutation's `eventId` is its last event, so applying (recording) every type is what
 * lets `eventStatus(eventId) { dealsPipelineSummary }` answer for any deal change.
 */
const dealEventTypes = Object.keys(dealsEvents.schemas).filter((type) => type.startsWith('deal.'));

/** `deals.pipeline-summary`: deal events -> one `pipeline_deal` row per deal -> the tenant's PipelineSummary. */
export const pipelineSummaryProjection: ProjectionDefinition = {
  name: 'deals.pipeline-summary',
  topics: [topics.deal],
  tables: ['pipeline_deal', 'pipeline_summary'],
  // One handler object for every type, so that a run mixing creates and stage moves is applied at once.
  handlers: handleAll(dealEventTypes, setBased(applyDealEvents)),
};
