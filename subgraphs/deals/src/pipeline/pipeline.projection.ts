import type { EntityManager } from '@mikro-orm/postgresql';
import { createEvent, dealsEvents, topics, type EventData, type EventEnvelope } from '@salesgraph/events';
import { recordEvent } from '@salesgraph/outbox';
import type { ApplyContext, EventHandlers, ProjectionDefinition } from '@salesgraph/projection';
import { tenantOf } from '@salesgraph/orm';
import type { PipelineStageTotals, PipelineTotals } from './pipeline.entity.js';
import { pipelineIdOf } from './pipeline-id.js';
import { computePipeline, sameFigures, type PipelineFigures } from './pipeline.service.js';

type DealSnapshot = EventData<'deal.created'>['deal'];

interface PreviousDeal {
  tenant_id: string;
  source_version: number;
  stage: string;
  same_value: boolean;
  probability: number;
}

/**
 * Replaces the deal's `pipeline_deal` row with the stage, value and probability its event carries.
 * The inbox already drops redelivered and older events; the `source_version` check keeps the row
 * order-safe on its own too (and makes a replay over rows seeded by the migration a no-op), and a
 * row of another tenant is never touched. Returns whether the tenant's figures may have moved:
 * not when the event was ignored or changed none of the three (a title, date or MEDDIC change).
 */
async function replaceDeal(em: EntityManager, event: EventEnvelope, deal: DealSnapshot): Promise<boolean> {
  const [previous] = await em.execute<PreviousDeal[]>(
    `select tenant_id, source_version, stage, estimated_value = ?::numeric as same_value, probability
       from deals.pipeline_deal where id = ? for update`,
    [deal.estimatedValue, deal.id],
  );
  if (previous && (previous.tenant_id !== tenantOf(em) || previous.source_version >= event.aggregateVersion))
    return false;
  await em.execute(
    `insert into deals.pipeline_deal (id, tenant_id, created_at, updated_at, source_version, stage, estimated_value, probability)
     values (?, ?, ?, ?, ?, ?, ?, ?)
     on conflict (id) do update set updated_at = excluded.updated_at, source_version = excluded.source_version,
       stage = excluded.stage, estimated_value = excluded.estimated_value, probability = excluded.probability`,
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
  return (
    !previous || previous.stage !== deal.stage || !previous.same_value || previous.probability !== deal.probability
  );
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
 * figures (least/greatest: a rebuild replays the partitions in another order than they were
 * applied live, and must end with the same row).
 */
async function storeFigures(em: EntityManager, id: string, figures: PipelineFigures, changedAt: string): Promise<void> {
  await em.execute(
    `insert into deals.pipeline_summary as existing (id, tenant_id, created_at, updated_at, stages, totals, open_totals)
     values (?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb)
     on conflict (id) do update set stages = excluded.stages, totals = excluded.totals, open_totals = excluded.open_totals,
       created_at = least(existing.created_at, excluded.created_at), updated_at = greatest(existing.updated_at, excluded.updated_at)
     where existing.tenant_id = excluded.tenant_id`,
    [
      id,
      tenantOf(em),
      changedAt,
      changedAt,
      JSON.stringify(figures.stages),
      JSON.stringify(figures.totals),
      JSON.stringify(figures.openTotals),
    ],
  );
}

/**
 * Every deal event carries the deal's snapshot. The deal's row is replaced; when that may move
 * the tenant's figures they are recomputed from the projection's rows and, if they differ from
 * the stored ones, stored and announced: `pipeline.summary_changed` (aggregateVersion = the
 * pipeline's next version) through the outbox, in this transaction. A rebuild's replay stores
 * the figures but announces nothing: those changes were announced when they happened.
 */
async function applyDealEvent(em: EntityManager, event: EventEnvelope, { replaying }: ApplyContext): Promise<void> {
  const { deal } = event.data as EventData<'deal.created'>;
  if (!(await replaceDeal(em, event, deal))) return;
  const id = pipelineIdOf(tenantOf(em));
  const version = await lockPipeline(em, id);
  const figures = await computePipeline(em);
  const stored = await storedFigures(em, id);
  if (stored && sameFigures(stored, figures)) return;
  await storeFigures(em, id, figures, event.occurredAt);
  if (replaying) return;
  await em.execute(`update deals.pipeline set version = ?, updated_at = now() where id = ?`, [version + 1, id]);
  recordEvent(
    em,
    createEvent({
      eventType: 'pipeline.summary_changed',
      tenantId: tenantOf(em),
      aggregateType: 'pipeline',
      aggregateId: id,
      aggregateVersion: version + 1,
      source: 'deals',
      actor: event.actor,
      traceparent: event.traceparent,
      data: { stages: figures.stages, totals: figures.totals },
    }),
  );
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
  handlers: Object.fromEntries(dealEventTypes.map((type) => [type, applyDealEvent])),
};
