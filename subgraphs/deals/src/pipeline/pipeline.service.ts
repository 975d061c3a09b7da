import type { EntityManager } from '@mikro-orm/postgresql';
import { tenantOf } from '@salesgraph/orm';
import { type DealStage, stageOrder } from '../deal/deal-stage.js';
import { dealTotalsSql, totalsOf, type DealTotalsRow } from '../deal/deal.sql.js';
import type { PipelineStageTotals, PipelineSummary, PipelineTotals } from './pipeline.entity.js';
import { pipelineIdOf } from './pipeline-id.js';

/** The figures of a PipelineSummary (what `pipeline.summary_changed` announces, plus the open deals). */
export type PipelineFigures = Pick<PipelineSummary, 'stages' | 'totals' | 'openTotals'>;

const zero = (): PipelineTotals => ({ count: 0, totalValue: '0.00', weightedValue: '0.00' });

interface AggregateRow extends DealTotalsRow {
  stage: DealStage | null;
  open: boolean | null;
  by_stage: number;
  by_open: number;
}

/**
 * The tenant's figures from the projection's own `pipeline_deal` rows (never from `deal`), in ONE
 * aggregate statement: per stage, open/closed and grand total via grouping sets. Values stay
 * `numeric` end to end: Σ value × probability is exact, divided by 100 and rounded half-up to
 * cents once per figure (never a float, never per-deal rounding).
 */
export async function computePipeline(em: EntityManager): Promise<PipelineFigures> {
  const rows = await em.execute<AggregateRow[]>(
    `select p.stage, p.stage not in ('CLOSED_WON', 'CLOSED_LOST') as open, grouping(p.stage) as by_stage,
            grouping(p.stage not in ('CLOSED_WON', 'CLOSED_LOST')) as by_open, ${dealTotalsSql('p', 'p.probability')}
       from deals.pipeline_deal p where p.tenant_id = ?
      group by grouping sets ((p.stage), (p.stage not in ('CLOSED_WON', 'CLOSED_LOST')), ())`,
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

/** Compared by value (jsonb does not keep key order, so stored figures are not compared as text). */
const figuresOf = ({ stages, totals, openTotals }: PipelineFigures) =>
  [...stages, totals, openTotals]
    .map(
      (totals) =>
        `${'stage' in totals ? totals.stage : ''}:${totals.count}:${totals.totalValue}:${totals.weightedValue}`,
    )
    .join('|');
export const sameFigures = (a: PipelineFigures, b: PipelineFigures) => figuresOf(a) === figuresOf(b);

interface StoredRow {
  version: number | null;
  stages: PipelineStageTotals[] | null;
  totals: PipelineTotals | null;
  open_totals: PipelineTotals | null;
  changed_at: Date | null;
}

/**
 * The caller's tenant summary as the projection holds it, in one statement: the figures of
 * `pipeline_summary` and the version of `pipeline` (zeros at version 0 before the first deal).
 */
export async function readPipeline(em: EntityManager): Promise<PipelineSummary> {
  const tenantId = tenantOf(em);
  const id = pipelineIdOf(tenantId);
  const [row] = await em.execute<StoredRow[]>(
    `select p.version, s.stages, s.totals, s.open_totals, s.updated_at as changed_at
       from (select ?::uuid as id) k
       left join deals.pipeline p on p.id = k.id and p.tenant_id = ?
       left join deals.pipeline_summary s on s.id = k.id and s.tenant_id = ?`,
    [id, tenantId, tenantId],
  );
  const version = row?.version ?? 0;
  if (!row?.stages || !row.totals || !row.open_totals) {
    return {
      id,
      version,
      stages: stageOrder.map((stage) => ({ stage, ...zero() })),
      totals: zero(),
      openTotals: zero(),
      changedAt: null,
    };
  }
  return {
    id,
    version,
    stages: row.stages,
    totals: row.totals,
    openTotals: row.open_totals,
    changedAt: row.changed_at ? new Date(row.changed_at) : null,
  };
}
