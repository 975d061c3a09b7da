import type { EntityManager } from '@mikro-orm/postgresql';
import { topicFor, type EventData, type EventEnvelope } from '@salesgraph/events';
import type { ProjectionDefinition } from '@salesgraph/projection';
import { AccountSummary } from './account-summary.entity.js';

async function upsertCompany(em: EntityManager, event: EventEnvelope) {
  const { company } = event.data as EventData<'company.created'>;
  const summary = (await em.findOne(AccountSummary, { id: company.id })) ?? em.create(AccountSummary, { id: company.id, tenantId: event.tenantId, legalName: company.legalName, segment: company.segment, ownerId: company.ownerId });
  summary.legalName = company.legalName;
  summary.tradeName = company.tradeName;
  summary.segment = company.segment;
  summary.ownerId = company.ownerId;
  await em.flush();
}

/** `deals.account-summary`: company and contact events -> AccountSummary rows. */
export const accountSummaryProjection: ProjectionDefinition = {
  name: 'deals.account-summary',
  topics: [topicFor('accounts', 'company')],
  handlers: {
    'company.created': upsertCompany,
    'company.updated': upsertCompany,
    'company.erased': async (em, event) => {
      const { companyId } = event.data as EventData<'company.erased'>;
      const summary = await em.findOne(AccountSummary, { id: companyId });
      if (summary) {
        summary.erased = true;
        summary.legalName = '(erased)';
        summary.tradeName = null;
        await em.flush();
      }
    },
  },
};
