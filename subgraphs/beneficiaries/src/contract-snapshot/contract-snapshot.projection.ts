import type { EntityManager } from '@mikro-orm/postgresql';
import { contractsEvents, topics, type EventData, type EventEnvelope } from '@salesgraph/events';
import type { ProjectionDefinition } from '@salesgraph/projection';
import { ContractSnapshot } from './contract-snapshot.entity.js';
import { handleAll } from '@salesgraph/subgraph';

/** Every contract event carries the whole contract; the snapshot keeps what enrolment needs. */
async function upsertContract(em: EntityManager, event: EventEnvelope): Promise<void> {
  const { contract } = event.data as EventData<'contract.drafted'>;
  const fields = {
    number: contract.number,
    companyId: contract.companyId,
    planType: contract.planType,
    contractedLives: contract.contractedLives,
    status: contract.status,
  };
  const snapshot = await em.findOne(ContractSnapshot, { id: contract.id });
  if (snapshot) Object.assign(snapshot, fields);
  else em.create(ContractSnapshot, { id: contract.id, tenantId: event.tenantId, ...fields });
  await em.flush();
}

/** `beneficiaries.contract-snapshot`: every contract event type -> ContractSnapshot rows. */
export const contractSnapshotProjection: ProjectionDefinition = {
  name: 'beneficiaries.contract-snapshot',
  topics: [topics.contract],
  tables: ['contract_snapshot'],
  handlers: handleAll(Object.keys(contractsEvents.schemas), upsertContract),
};
