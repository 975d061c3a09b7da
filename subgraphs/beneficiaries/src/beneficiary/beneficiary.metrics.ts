import { sqlMetric, type BusinessMetricDeps } from '@salesgraph/subgraph';

/**
 * ANS registrations not yet registered, per tenant (V3 spec): pending (PENDING or SUBMITTED),
 * at_risk (pending, deadline within 24 h) and overdue (pending past the 72 h deadline).
 */
export function registerBeneficiaryMetrics(deps: BusinessMetricDeps): void {
  sqlMetric(deps, {
    name: 'salesgraph_ans_registrations',
    help: 'Beneficiaries not yet registered with the ANS, by tenant and state (pending, at_risk: deadline within 24 h, overdue: past the 72 h deadline).',
    type: 'gauge',
    labels: ['tenant', 'state'],
    sql: `select tenant_id as tenant, state, count(*) as value
            from "beneficiaries"."beneficiary",
                 lateral (values ('pending'),
                                 (case when ans_deadline < now() then 'overdue'
                                       when ans_deadline < now() + interval '24 hours' then 'at_risk' end)) as s(state)
           where ans_status in ('PENDING', 'SUBMITTED') and removed_at is null and state is not null
           group by 1, 2`,
  });
}
