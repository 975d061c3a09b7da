import type { EntityManager } from '@mikro-orm/postgresql';
import { tenantOf } from '@salesgraph/orm';
import { stageOrder } from '../deal/deal-stage.js';
import type { PipelineStageTotals, PipelineSummary, PipelineTotals } from './pipeline.entity.js';
import { pipelineIdOf } from './pipeline-id.js';

/** The figures of a PipelineSummary (what `pipeline.summary_changed` announces, plus the open deals). */
export type PipelineFigures = Pick<PipelineSummary, 'stages' | 'totals' | 'openTotals'>;

const zero = (): PipelineTotals => ({ count: 0, totalValue: '0.00', weightedValue: '0.00' });

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
