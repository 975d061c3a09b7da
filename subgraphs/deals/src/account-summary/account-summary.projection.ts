import type { EntityManager } from '@mikro-orm/postgresql';
import { topics, type EventData, type EventEnvelope } from '@salesgraph/events';
import type { ProjectionDefinition } from '@salesgraph/projection';
import { AccountSummary } from './account-summary.entity.js';
import { AccountContact } from './account-contact.entity.js';

/**
 * Recounts a company's ECONOMIC_BUYER and CHAMPION contacts from the per-contact rows.
 * Recounting (rather than +1/-1) keeps the counts right whatever order company and contact
 * events arrive in: they travel on different topics, so a contact may precede its company.
 */
async function recountRoles(em: EntityManager, summary: AccountSummary): Promise<void> {
  const live = { companyId: summary.id, erased: false };
  summary.economicBuyers = await em.count(AccountContact, { ...live, meddicRole: 'ECONOMIC_BUYER' });
  summary.champions = await em.count(AccountContact, { ...live, meddicRole: 'CHAMPION' });
}

async function recountCompanies(em: EntityManager, companyIds: readonly string[]): Promise<void> {
  const summaries = await em.find(AccountSummary, { id: { $in: [...new Set(companyIds)] } });
  for (const summary of summaries) await recountRoles(em, summary);
}

async function upsertCompany(em: EntityManager, event: EventEnvelope) {
  const { company } = event.data as EventData<'company.created'>;
  let summary = await em.findOne(AccountSummary, { id: company.id });
  if (!summary) {
    summary = em.create(AccountSummary, { id: company.id, tenantId: event.tenantId, legalName: company.legalName, segment: company.segment, ownerId: company.ownerId });
    await recountRoles(em, summary);
  }
  summary.legalName = company.legalName;
  summary.tradeName = company.tradeName;
  summary.segment = company.segment;
  summary.ownerId = company.ownerId;
  await em.flush();
}

async function upsertContact(em: EntityManager, event: EventEnvelope) {
  const { contact } = event.data as EventData<'contact.created'>;
  const row = (await em.findOne(AccountContact, { id: contact.id })) ?? em.create(AccountContact, { id: contact.id, tenantId: event.tenantId, companyId: contact.companyId });
  const previousCompanyId = row.companyId;
  row.companyId = contact.companyId;
  row.meddicRole = contact.meddicRole;
  await em.flush();
  await recountCompanies(em, [previousCompanyId, contact.companyId]);
  await em.flush();
}

/** `deals.account-summary`: company and contact events -> AccountSummary (+ AccountContact) rows. */
export const accountSummaryProjection: ProjectionDefinition = {
  name: 'deals.account-summary',
  topics: [topics.company, topics.contact],
  tables: ['account_summary', 'account_contact'],
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
    'contact.created': upsertContact,
    'contact.updated': upsertContact,
    'contact.erased': async (em, event) => {
      const { contactId, companyId } = event.data as EventData<'contact.erased'>;
      const row = (await em.findOne(AccountContact, { id: contactId })) ?? em.create(AccountContact, { id: contactId, tenantId: event.tenantId, companyId });
      row.erased = true;
      row.meddicRole = null;
      await em.flush();
      await recountCompanies(em, [row.companyId]);
      await em.flush();
    },
  },
};
