import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { createEvent } from '@salesgraph/events';
import { recordEvent } from '@salesgraph/outbox';
import { tenantOf } from '@salesgraph/orm';
import { type DealStage, stageOrder } from '../deal/deal-stage.js';
import { dealTotalsSql, totalsOf, type DealTotalsRow } from '../deal/deal.sql.js';
import { PipelineRow, type PipelineStageTotals, type PipelineSummary, type PipelineTotals } from './pipeline.entity.js';
import { pipelineIdOf } from './pipeline-id.js';

type Summary = Pick<PipelineSummary, 'stages' | 'totals' | 'openTotals'>;

const zero = (): PipelineTotals => ({ count: 0, totalValue: '0.00', weightedValue: '0.00' });

interface AggregateRow extends DealTotalsRow {
  stage: DealStage | null;
  open: boolean | null;
  by_stage: number;
  by_open: number;
}

/**
 * The whole summary in ONE aggregate statement: per stage, open/closed and grand total via
 * grouping sets. Values stay `numeric` end to end: Σ value × probability is exact, divided by
 * 100 and rounded half-up to cents once per figure (never a float, never per-deal rounding).
 */
export async function computePipeline(em: EntityManager): Promise<Summary> {
  const rows = await em.execute<AggregateRow[]>(
    `select d.stage, d.stage not in ('CLOSED_WON', 'CLOSED_LOST') as open, grouping(d.stage) as by_stage,
            grouping(d.stage not in ('CLOSED_WON', 'CLOSED_LOST')) as by_open, ${dealTotalsSql('d')}
       from deals.deal d where d.tenant_id = ?
      group by grouping sets ((d.stage), (d.stage not in ('CLOSED_WON', 'CLOSED_LOST')), ())`,
    [tenantOf(em)],
  );
  const figures = (row: AggregateRow | undefined): PipelineTotals => (row ? totalsOf(row) : zero());
  const perStage = new Map(rows.filter((row) => row.by_stage === 0).map((row) => [row.stage, row]));
  return {
    stages: stageOrder.map((stage): PipelineStageTotals => ({ stage, ...figures(perStage.get(stage)) })),
    totals: figures(rows.find((row) => row.by_stage === 1 && row.by_open === 1)),
    openTotals: figures(rows.find((row) => row.by_stage === 1 && row.by_open === 0 && row.open === true)),
  };
}

/** The tenant's pipeline row, locked `for update` until the transaction ends (created at version 0 when missing). */
async function lockPipelineRow(em: EntityManager, id: string): Promise<PipelineRow> {
  const lock = { lockMode: LockMode.PESSIMISTIC_WRITE } as const;
  const existing = await em.findOne(PipelineRow, { id }, lock);
  if (existing) return existing;
  await em.execute(
    `insert into deals.pipeline (id, tenant_id, created_at, updated_at, version, stages, totals, open_totals)
     values (?, ?, now(), now(), 0, '[]', ?::jsonb, ?::jsonb) on conflict (id) do nothing`,
    [id, tenantOf(em), JSON.stringify(zero()), JSON.stringify(zero())],
  );
  return em.findOneOrFail(PipelineRow, { id }, lock);
}

/** Compared by value (jsonb does not keep key order, so the stored row is not compared as text). */
const figuresOf = ({ stages, totals, openTotals }: Summary) =>
  [...stages, totals, openTotals].map((totals) => `${'stage' in totals ? totals.stage : ''}:${totals.count}:${totals.totalValue}:${totals.weightedValue}`).join('|');
const sameSummary = (a: Summary, b: Summary) => figuresOf(a) === figuresOf(b);

/**
 * Call inside the transaction of a deal change, after the deal is flushed. Serialises the
 * tenant's pipeline changes on its row, recomputes the summary and, when it differs, stores it
 * and records `pipeline.summary_changed` (aggregateVersion = the row's next version).
 * Returns the event id, or null when the totals did not change.
 */
export async function recordPipelineChange(em: EntityManager, actor: string): Promise<string | null> {
  const tenantId = tenantOf(em);
  const id = pipelineIdOf(tenantId);
  const row = await lockPipelineRow(em, id);
  const summary = await computePipeline(em);
  if (sameSummary(row, summary)) return null;
  const event = createEvent({
    eventType: 'pipeline.summary_changed',
    tenantId,
    aggregateType: 'pipeline',
    aggregateId: id,
    aggregateVersion: row.version + 1,
    source: 'deals',
    actor,
    data: { stages: summary.stages, totals: summary.totals },
  });
  Object.assign(row, summary);
  recordEvent(em, event);
  await em.flush();
  return event.eventId;
}

/** The caller's tenant summary as of its last change (zeros at version 0 before the first deal). */
export async function readPipeline(em: EntityManager): Promise<PipelineSummary> {
  const id = pipelineIdOf(tenantOf(em));
  const row = await em.findOne(PipelineRow, { id });
  if (!row) return { id, version: 0, stages: stageOrder.map((stage) => ({ stage, ...zero() })), totals: zero(), openTotals: zero(), changedAt: null };
  return { id, version: row.version, stages: row.stages, totals: row.totals, openTotals: row.openTotals, changedAt: row.updatedAt };
}
