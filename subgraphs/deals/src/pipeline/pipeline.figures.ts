import type { EntityManager } from '@mikro-orm/postgresql';
import { tenantOf } from '@salesgraph/orm';
import { type DealStage, isClosed, stageOrder } from '../deal/deal-stage.js';
import type { PipelineStageTotals, PipelineTotals } from './pipeline.entity.js';
import type { PipelineFigures } from './pipeline.service.js';

/**
 * A deal's part in the figures, exact: its stage, its value in cents and value × probability in
 * cent-percent (`pipeline_deal.estimated_value` is numeric(14, 2), the probability an integer).
 */
export interface DealPart {
  readonly stage: string;
  readonly cents: bigint;
  readonly weighted: bigint;
}

interface Sums {
  count: number;
  cents: bigint;
  weighted: bigint;
}

/** The tenant's exact sums per stage: what the figures are rounded from, kept up to date one deal at a time. */
export type StageSums = Map<string, Sums>;

/**
 * A non-negative numeric's text ("1234.5", "1234.50", "12.345") -> cents (123450n), rounded
 * half-up beyond two decimals as a numeric(14, 2) column stores it.
 */
export function centsOf(value: string): bigint {
  const [units = '0', fraction = ''] = value.split('.');
  const cents = BigInt(units) * 100n + BigInt(fraction.slice(0, 2).padEnd(2, '0'));
  return fraction.length > 2 && Number(fraction[2]) >= 5 ? cents + 1n : cents;
}

export const dealPart = (stage: string, value: string, probability: number): DealPart => {
  const cents = centsOf(value);
  return { stage, cents, weighted: cents * BigInt(probability) };
};

/**
 * The tenant's sums from the projection's own `pipeline_deal` rows, in ONE aggregate statement
 * (never from `deal`): per stage, the count, Σ value and Σ value × probability, exact.
 */
export async function loadStageSums(em: EntityManager): Promise<StageSums> {
  const rows = await em.execute<{ stage: string; count: number; total: string; weighted: string }[]>(
    `select stage, count(*)::int as count, sum(estimated_value)::text as total,
            sum(estimated_value * probability)::text as weighted
       from deals.pipeline_deal where tenant_id = ? group by stage`,
    [tenantOf(em)],
  );
  // Σ value × probability has scale 2, so read as cents it is the cent-percent of DealPart.
  return new Map(
    rows.map((row) => [row.stage, { count: row.count, cents: centsOf(row.total), weighted: centsOf(row.weighted) }]),
  );
}

/** One deal replaced: its previous part (none for a new deal) leaves the sums, its new part joins them. */
export function moveDeal(sums: StageSums, previous: DealPart | null, next: DealPart): void {
  const add = (part: DealPart, sign: 1 | -1) => {
    const stage = sums.get(part.stage) ?? { count: 0, cents: 0n, weighted: 0n };
    stage.count += sign;
    stage.cents += BigInt(sign) * part.cents;
    stage.weighted += BigInt(sign) * part.weighted;
    sums.set(part.stage, stage);
  };
  if (previous) add(previous, -1);
  add(next, 1);
}

const text = (cents: bigint) => `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;

/**
 * Count, Σ value and Σ value × probability / 100 of some stages, each rounded half-up to cents
 * once (never per deal), as dealTotalsSql computes them.
 */
function totalsOf(parts: readonly (Sums | undefined)[]): PipelineTotals {
  let count = 0;
  let cents = 0n;
  let weighted = 0n;
  for (const part of parts) {
    count += part?.count ?? 0;
    cents += part?.cents ?? 0n;
    weighted += part?.weighted ?? 0n;
  }
  return { count, totalValue: text(cents), weightedValue: text((weighted + 50n) / 100n) };
}

/** The figures of a PipelineSummary from the exact sums: per stage, all deals, the open ones. */
export function figuresFromSums(sums: StageSums): PipelineFigures {
  return {
    stages: stageOrder.map((stage): PipelineStageTotals => ({ stage, ...totalsOf([sums.get(stage)]) })),
    totals: totalsOf([...sums.values()]),
    openTotals: totalsOf(stageOrder.filter((stage: DealStage) => !isClosed(stage)).map((stage) => sums.get(stage))),
  };
}
