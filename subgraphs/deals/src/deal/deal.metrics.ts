import { sqlMetric, type BusinessMetricDeps } from '@salesgraph/subgraph';

/**
 * The pipeline's business metrics (V3 spec), per tenant: deals and pipeline value by stage,
 * deals won and lost so far, and the MEDDIC score distribution of open deals in 20-point bands.
 */
export function registerDealMetrics(deps: BusinessMetricDeps): void {
  sqlMetric(deps, {
    name: 'salesgraph_deals',
    help: 'Deals by tenant and stage.',
    type: 'gauge',
    labels: ['tenant', 'stage'],
    sql: `select tenant_id as tenant, stage, count(*) as value from "deals"."deal" group by 1, 2`,
  });
  sqlMetric(deps, {
    name: 'salesgraph_pipeline_value_brl',
    help: 'Sum of estimated annual value (BRL) of deals, by tenant and stage.',
    type: 'gauge',
    labels: ['tenant', 'stage'],
    sql: `select tenant_id as tenant, stage, sum(estimated_value)::float8 as value from "deals"."deal" group by 1, 2`,
  });
  sqlMetric(deps, {
    name: 'salesgraph_deals_closed_total',
    help: 'Deals closed so far, by tenant and outcome (won, lost).',
    type: 'counter',
    labels: ['tenant', 'outcome'],
    sql: `select tenant_id as tenant, case stage when 'CLOSED_WON' then 'won' else 'lost' end as outcome, count(*) as value
            from "deals"."deal" where stage in ('CLOSED_WON', 'CLOSED_LOST') group by 1, 2`,
  });
  sqlMetric(deps, {
    name: 'salesgraph_deal_meddic_score_deals',
    help: 'Open deals by tenant and MEDDIC score band (0-19, 20-39, 40-59, 60-79, 80-100).',
    type: 'gauge',
    labels: ['tenant', 'band'],
    sql: `select tenant_id as tenant,
                 case when score < 20 then '0-19' when score < 40 then '20-39' when score < 60 then '40-59'
                      when score < 80 then '60-79' else '80-100' end as band,
                 count(*) as value
            from (select tenant_id, round((meddic_metrics + meddic_economic_buyer + meddic_decision_criteria
                         + meddic_decision_process + meddic_identify_pain + meddic_champion) * 10 / 3.0) as score
                    from "deals"."deal" where stage not in ('CLOSED_WON', 'CLOSED_LOST')) scored
           group by 1, 2`,
  });
}
