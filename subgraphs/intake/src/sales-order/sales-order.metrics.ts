import { sqlMetric, type BusinessMetricDeps } from '@salesgraph/subgraph';

/** Orders held, by tenant, sales system and channel (read at scrape time). */
export function registerSalesOrderMetrics(deps: BusinessMetricDeps): void {
  sqlMetric(deps, {
    name: 'salesgraph_sales_orders',
    help: 'Sales orders stored by the intake, by tenant, sales system and channel.',
    type: 'gauge',
    labels: ['tenant', 'system', 'channel'],
    sql: `select tenant_id as tenant, source_system as system, channel, count(*) as value
            from "intake"."sales_order" group by 1, 2, 3`,
  });
}
