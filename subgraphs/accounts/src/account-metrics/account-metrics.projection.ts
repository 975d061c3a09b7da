import type { EntityManager } from '@mikro-orm/postgresql';
import { topics, type EventData, type EventEnvelope } from '@salesgraph/events';
import { setBased, type ProjectionDefinition } from '@salesgraph/projection';
import { tenantOf } from '@salesgraph/orm';
import { handleAll } from '@salesgraph/subgraph';

/**
 * Replaces the projection row of the event's aggregate with the state the event carries. The
 * inbox already drops redelivered and older events; the `source_version` guard keeps the row
 * order-safe on its own too, and a row of another tenant is never touched.
 */
async function replaceRow(
  em: EntityManager,
  table: string,
  event: EventEnvelope,
  companyId: string,
  columns: Readonly<Record<string, unknown>>,
): Promise<void> {
  const names = Object.keys(columns);
  await em.execute(
    `insert into accounts.${table} as existing (id, tenant_id, created_at, updated_at, company_id, source_version, ${names.join(', ')})
     values (?, ?, ?, ?, ?, ?, ${names.map(() => '?').join(', ')})
     on conflict (id) do update set updated_at = excluded.updated_at, company_id = excluded.company_id,
       source_version = excluded.source_version, ${names.map((name) => `${name} = excluded.${name}`).join(', ')}
     where existing.tenant_id = excluded.tenant_id and existing.source_version < excluded.source_version`,
    [
      event.aggregateId,
      tenantOf(em),
      event.occurredAt,
      event.occurredAt,
      companyId,
      event.aggregateVersion,
      ...Object.values(columns),
    ],
  );
}

/**
 * Every deal event carries the deal's snapshot: its stage and estimated value. Set-based: a run's
 * deals are replaced in ONE statement, each by its latest event in the run, under replaceRow's
 * guards (the same tenant, a higher source_version) — the rows applying them one by one would leave.
 */
const replaceDeals = setBased(async (em, events) => {
  const latest = new Map<string, EventEnvelope>();
  for (const event of events) {
    const seen = latest.get(event.aggregateId);
    if (!seen || seen.aggregateVersion < event.aggregateVersion) latest.set(event.aggregateId, event);
  }
  const rows = [...latest.values()].map((event) => {
    const { deal } = event.data as EventData<'deal.created'>;
    return {
      id: event.aggregateId,
      occurred_at: event.occurredAt,
      company_id: deal.companyId,
      source_version: event.aggregateVersion,
      stage: deal.stage,
      estimated_value: deal.estimatedValue,
    };
  });
  await em.execute(
    `insert into accounts.account_metrics_deal as existing (id, tenant_id, created_at, updated_at, company_id, source_version, stage, estimated_value)
     select r.id, ?, r.occurred_at, r.occurred_at, r.company_id, r.source_version, r.stage, r.estimated_value
       from jsonb_to_recordset(?::jsonb) as r(id uuid, occurred_at timestamptz, company_id uuid, source_version int, stage text, estimated_value numeric)
     on conflict (id) do update set updated_at = excluded.updated_at, company_id = excluded.company_id,
       source_version = excluded.source_version, stage = excluded.stage, estimated_value = excluded.estimated_value
     where existing.tenant_id = excluded.tenant_id and existing.source_version < excluded.source_version`,
    [tenantOf(em), JSON.stringify(rows)],
  );
});
const dealHandlers = handleAll(
  ['deal.created', 'deal.updated', 'deal.stage_changed', 'deal.won', 'deal.lost', 'deal.reopened'],
  replaceDeals,
);

/** Every contract event carries the contract's snapshot: its status. */
const contractHandlers = handleAll(
  [
    'contract.drafted',
    'contract.submitted',
    'contract.approval_requested',
    'contract.approved',
    'contract.rejected',
    'contract.sent_for_signature',
    'contract.signed',
    'contract.activated',
    'contract.suspended',
    'contract.terminated',
  ],
  async (em, event) => {
    const { contract } = event.data as EventData<'contract.drafted'>;
    await replaceRow(em, 'account_metrics_contract', event, contract.companyId, { status: contract.status });
  },
);

/** Every beneficiary event carries the beneficiary's snapshot: its company and whether it is an active life. */
const beneficiaryHandlers = handleAll(
  [
    'beneficiary.enrolled',
    'beneficiary.updated',
    'beneficiary.ans_submitted',
    'beneficiary.ans_registered',
    'beneficiary.ans_rejected',
    'beneficiary.removed',
    'beneficiary.erased',
  ],
  async (em, event) => {
    const { beneficiary } = event.data as EventData<'beneficiary.enrolled'>;
    await replaceRow(em, 'account_metrics_beneficiary', event, beneficiary.companyId, {
      contract_id: beneficiary.contractId,
      active: beneficiary.active,
    });
  },
);

/** `accounts.account-metrics`: deal, contract and beneficiary events -> per-aggregate rows -> AccountMetrics. */
export const accountMetricsProjection: ProjectionDefinition = {
  name: 'accounts.account-metrics',
  topics: [topics.deal, topics.contract, topics.beneficiary],
  handlers: { ...dealHandlers, ...contractHandlers, ...beneficiaryHandlers },
};
