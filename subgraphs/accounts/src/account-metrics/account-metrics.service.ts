import type { EntityManager } from '@mikro-orm/postgresql';
import { tenantOf } from '@salesgraph/orm';
import { distinctUuids } from '@salesgraph/write';
import type { AccountMetrics } from './account-metrics.results.js';

interface MetricsRow {
  company_id: string;
  open_deals: number;
  open_pipeline_value: string;
  won_value: string;
  active_contracts: number;
  active_lives: number;
}

const zero: AccountMetrics = {
  openDeals: 0,
  openPipelineValue: '0.00',
  wonValue: '0.00',
  activeContracts: 0,
  activeLives: 0,
};

/** The metrics of many companies in one aggregate statement, in the order of `companyIds`. */
export async function metricsByCompanyIds(em: EntityManager, companyIds: readonly string[]): Promise<AccountMetrics[]> {
  const ids = distinctUuids(companyIds);
  const tenantId = tenantOf(em);
  const rows =
    ids.length === 0
      ? []
      : await em.execute<MetricsRow[]>(
          `select c.company_id, d.open_deals, d.open_pipeline_value, d.won_value, k.active_contracts, b.active_lives
           from unnest(?::uuid[]) as c(company_id)
           cross join lateral (
             select count(*) filter (where stage not in ('CLOSED_WON', 'CLOSED_LOST'))::int as open_deals,
                    round(coalesce(sum(estimated_value) filter (where stage not in ('CLOSED_WON', 'CLOSED_LOST')), 0), 2)::text as open_pipeline_value,
                    round(coalesce(sum(estimated_value) filter (where stage = 'CLOSED_WON'), 0), 2)::text as won_value
             from accounts.account_metrics_deal where tenant_id = ? and company_id = c.company_id) d
           cross join lateral (
             select count(*)::int as active_contracts
             from accounts.account_metrics_contract where tenant_id = ? and company_id = c.company_id and status = 'ACTIVE') k
           cross join lateral (
             select count(*)::int as active_lives
             from accounts.account_metrics_beneficiary where tenant_id = ? and company_id = c.company_id and active) b`,
          [`{${ids.join(',')}}`, tenantId, tenantId, tenantId],
        );
  const byCompany = new Map(
    rows.map((row) => [
      row.company_id,
      {
        openDeals: row.open_deals,
        openPipelineValue: row.open_pipeline_value,
        wonValue: row.won_value,
        activeContracts: row.active_contracts,
        activeLives: row.active_lives,
      },
    ]),
  );
  return companyIds.map((id) => byCompany.get(id) ?? zero);
}
