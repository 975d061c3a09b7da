import { sqlMetric, type BusinessMetricDeps } from '@salesgraph/subgraph';

/** Approval tasks open and overdue, and SLA breaches so far (V3 spec), per tenant. */
export function registerTaskMetrics(deps: BusinessMetricDeps): void {
  sqlMetric(deps, {
    name: 'salesgraph_approval_tasks',
    help: 'Open approval tasks by tenant and state: open (all open ones) and overdue (open past their due time).',
    type: 'gauge',
    labels: ['tenant', 'state'],
    sql: `select tenant_id as tenant, 'open' as state, count(*) as value
            from "workflows"."task" where type = 'APPROVAL' and status = 'OPEN' group by 1
          union all
          select tenant_id, 'overdue', count(*)
            from "workflows"."task" where type = 'APPROVAL' and status = 'OPEN' and due_at < now() group by 1`,
  });
  sqlMetric(deps, {
    name: 'salesgraph_sla_breaches_total',
    help: 'Tasks the SLA sweeper found open past their due time, so far, by tenant and task type.',
    type: 'counter',
    labels: ['tenant', 'task_type'],
    sql: `select tenant_id as tenant, type as task_type, count(*) as value
            from "workflows"."task" where breached_at is not null group by 1, 2`,
  });
}
