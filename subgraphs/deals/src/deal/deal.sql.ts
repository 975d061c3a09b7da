import { defaultProbability, stageOrder } from './deal-stage.js';

/** SQL for a deal's effective win probability (%): its override, else its stage's default. */
export function probabilitySql(alias: string): string {
  const defaults = stageOrder.map((stage) => `when '${stage}' then ${defaultProbability[stage]}`).join(' ');
  return `coalesce(${alias}.probability_override, case ${alias}.stage ${defaults} end)`;
}

/**
 * SQL select-list of the figures every pipeline read model shows, for `alias` rows (left-join
 * safe): count, Σ value and Σ value × probability / 100, all `numeric` (exact), each rounded
 * half-up to cents once and returned as text ("1234.50"). `probability` is the SQL of a row's
 * probability (%): computed from a `deal` row by default; the PipelineSummary projection keeps
 * it as a column.
 */
export function dealTotalsSql(alias: string, probability = probabilitySql(alias)): string {
  return `count(${alias}.id)::int as count,
    round(coalesce(sum(${alias}.estimated_value), 0), 2)::text as total_value,
    round(coalesce(sum(${alias}.estimated_value * ${probability}), 0) / 100, 2)::text as weighted_value`;
}

/** A row carrying the dealTotalsSql columns. */
export interface DealTotalsRow {
  count: number;
  total_value: string;
  weighted_value: string;
}

export const totalsOf = (row: DealTotalsRow) => ({
  count: row.count,
  totalValue: row.total_value,
  weightedValue: row.weighted_value,
});
