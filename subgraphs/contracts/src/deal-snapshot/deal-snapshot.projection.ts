import type { EntityManager } from '@mikro-orm/postgresql';
import { topics, type EventData, type EventEnvelope } from '@salesgraph/events';
import type { ProjectionDefinition } from '@salesgraph/projection';
import { DealSnapshot } from './deal-snapshot.entity.js';

/** Every deal event carries the deal's snapshot; the inbox guarantees it is newer than the last one applied. */
async function upsertDeal(em: EntityManager, event: EventEnvelope): Promise<void> {
  const { deal } = event.data as EventData<'deal.created'>;
  const snapshot =
    (await em.findOne(DealSnapshot, { id: deal.id })) ??
    em.create(DealSnapshot, {
      id: deal.id,
      tenantId: event.tenantId,
      companyId: deal.companyId,
      ownerId: deal.ownerId,
      stage: deal.stage,
    });
  snapshot.companyId = deal.companyId;
  snapshot.ownerId = deal.ownerId;
  snapshot.stage = deal.stage;
  await em.flush();
}

/** `contracts.deal-snapshot`: deal events -> one DealSnapshot row per deal. */
export const dealSnapshotProjection: ProjectionDefinition = {
  name: 'contracts.deal-snapshot',
  topics: [topics.deal],
  tables: ['deal_snapshot'],
  handlers: {
    'deal.created': upsertDeal,
    'deal.updated': upsertDeal,
    'deal.stage_changed': upsertDeal,
    'deal.won': upsertDeal,
    'deal.lost': upsertDeal,
    'deal.reopened': upsertDeal,
  },
};
