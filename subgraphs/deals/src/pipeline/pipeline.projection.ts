import type { EntityManager } from '@mikro-orm/postgresql';
import { createEvent, dealsEvents, topics, type EventData, type EventEnvelope } from '@salesgraph/events';
import { recordEvent } from '@salesgraph/outbox';
import { setBased, type ApplyContext, type ProjectionDefinition } from '@salesgraph/projection';
import { tenantOf } from '@salesgraph/orm';
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

type DealSnapshot = EventData<'deal.created'>['deal'];

interface DealRow {
  tenant_id: string;
  source_version: number;
  stage: string;
  estimated_value: string;
  probability: number;
}

const partOf = (row: Pick<DealRow, 'stage' | 'estimated_value' | 'probability'>) =>
  dealPart(row.stage, row.estimated_value, row.probability);

/**
 * Replaces the deal's `pipeline_deal` row with the stage, value and probability its event carries.
 * The inbox already drops redelivered and older events; the `source_version` check keeps the row
 * order-safe on its own too (and makes a replay over rows seeded by the migration a no-op), and a
 * row of another tenant is never touched. Returns the deal's part in the figures before and after
 * when they may have moved; null when the event was ignored or changed none of the three (a title,
 * date or MEDDIC change).
 */
async function replaceDeal(
  em: EntityManager,
  event: EventEnvelope,
  deal: DealSnapshot,
): Promise<{ readonly previous: DealPart | null; readonly next: DealPart } | null> {
  const [previous] = await em.execute<DealRow[]>(
    `select tenant_id, source_version, stage, estimated_value::text as estimated_value, probability
       from deals.pipeline_deal where id = ? for update`,
    [deal.id],
  );
  if (previous && (previous.tenant_id !== tenantOf(em) || previous.source_version >= event.aggregateVersion))
    return null;
  const [next] = await em.execute<DealRow[]>(
    `insert into deals.pipeline_deal (id, tenant_id, created_at, updated_at, source_version, stage, estimated_value, probability)
     values (?, ?, ?, ?, ?, ?, ?, ?)
     on conflict (id) do update set updated_at = excluded.updated_at, source_version = excluded.source_version,
       stage = excluded.stage, estimated_value = excluded.estimated_value, probability = excluded.probability
     returning stage, estimated_value::text as estimated_value, probability`,
    [
      deal.id,
      tenantOf(em),
      event.occurredAt,
      event.occurredAt,
      event.aggregateVersion,
      deal.stage,
      deal.estimatedValue,
      deal.probability,
    ],
  );
  const before = previous ? partOf(previous) : null;
  const after = partOf(next!);
  const moved =
    !before || before.stage !== after.stage || before.cents !== after.cents || before.weighted !== after.weighted;
  return moved ? { previous: before, next: after } : null;
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
  let pipeline: OpenPipeline | null = null;
  for (const event of events) {
    const { deal } = event.data as EventData<'deal.created'>;
    const change = await replaceDeal(em, event, deal);
    if (!change) continue;
    if (pipeline) moveDeal(pipeline.sums, change.previous, change.next);
    else {
      const id = pipelineIdOf(tenantOf(em));
      const version = await lockPipeline(em, id);
      pipeline = { id, version, sums: await loadStageSums(em), figures: await storedFigures(em, id), changedAt: [] };
    }
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
  handlers: (() => {
    // One handler object for every type, so that a run mixing creates and stage moves is applied at once.
    const handler = setBased(applyDealEvents);
    return Object.fromEntries(dealEventTypes.map((type) => [type, handler]));
  })(),
};
