import type { EntityManager } from '@mikro-orm/postgresql';
import type { Identity } from '@salesgraph/auth';
import { badInput } from '@salesgraph/errors';
import { tenantOf } from '@salesgraph/orm';
import { dealVisibility } from '../deal/deal.access.js';
import { dealTotalsSql, totalsOf, type DealTotalsRow } from '../deal/deal.sql.js';
import type { Forecast } from './forecast.results.js';

/** The longest range one forecast may span. */
export const FORECAST_MAX_MONTHS = 60;

interface ForecastRow extends DealTotalsRow {
  month: string | null;
}

const monthsBetween = (from: string, to: string) =>
  (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7)) + 1;

/**
 * Open deals (LEAD to NEGOTIATION) whose expectedCloseDate lies in [from, to], by calendar
 * month, in one statement: every month of the range (generate_series) left-joined with the
 * deals, plus the range total (rollup). The caller's deal visibility applies (a SALES_REP
 * forecasts own deals).
 */
export async function forecast(em: EntityManager, identity: Identity, from: string, to: string): Promise<Forecast> {
  if (from > to) throw badInput('to', 'must not be before from');
  if (monthsBetween(from, to) > FORECAST_MAX_MONTHS)
    throw badInput('to', `the range may span at most ${FORECAST_MAX_MONTHS} months`);
  const { ownerId } = dealVisibility(identity);
  const rows = await em.execute<ForecastRow[]>(
    `select to_char(m.month, 'YYYY-MM') as month, ${dealTotalsSql('d')}
       from generate_series(date_trunc('month', ?::date), date_trunc('month', ?::date), interval '1 month') as m(month)
       left join deals.deal d
         on d.tenant_id = ? and d.stage not in ('CLOSED_WON', 'CLOSED_LOST')
        and d.expected_close_date between ?::date and ?::date
        and date_trunc('month', d.expected_close_date) = m.month
        ${ownerId ? 'and d.owner_id = ?' : ''}
      group by rollup (m.month) order by m.month nulls last`,
    [from, to, tenantOf(em), from, to, ...(ownerId ? [ownerId] : [])],
  );
  return {
    from,
    to,
    months: rows.filter((row) => row.month !== null).map((row) => ({ month: row.month!, ...totalsOf(row) })),
    totals: totalsOf(rows.find((row) => row.month === null)!),
  };
}
