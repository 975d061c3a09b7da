import type { EntityManager } from '@mikro-orm/postgresql';
import { topics, type EventData, type EventEnvelope } from '@salesgraph/events';
import type { EventHandlers, ProjectionDefinition } from '@salesgraph/projection';
import { tenantOf } from '@salesgraph/orm';

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

const handleAll = (eventTypes: readonly string[], handler: EventHandlers[string]): EventHandlers =>
  Object.fromEntries(eventTypes.map((eventType) => [eventType, handler]));

/** Every deal event carries the deal's snapshot: its stage and estimated value. */
const dealHandlers = handleAll(
  ['deal.created', 'deal.updated', 'deal.stage_changed', 'deal.won', 'deal.lost', 'deal.reopened'],
  async (em, event) => {
    const { deal } = event.data as EventData<'deal.created'>;
    await replaceRow(em, 'account_metrics_deal', event, deal.companyId, {
      stage: deal.stage,
      estimated_value: deal.estimatedValue,
    });
  },
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
