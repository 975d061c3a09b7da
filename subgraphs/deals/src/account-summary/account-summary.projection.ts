import type { EntityManager } from '@mikro-orm/postgresql';
import { topics, type EventData, type EventEnvelope } from '@salesgraph/events';
import { setBased, type ProjectionDefinition } from '@salesgraph/projection';
import { AccountSummary } from './account-summary.entity.js';
import { AccountContact } from './account-contact.entity.js';

/**
 * The live contacts of one MEDDIC role of summary `s`, counted from the per-contact rows.
 * Recounting (rather than +1/-1) keeps the counts right whatever order company and contact
 * events arrive in: they travel on different topics, so a contact may precede its company.
 */
const roleCount = (role: 'ECONOMIC_BUYER' | 'CHAMPION') =>
  `(select count(*) from deals.account_contact k where k.tenant_id = s.tenant_id and k.company_id = s.id and not k.erased and k.meddic_role = '${role}')`;

async function recountCompanies(em: EntityManager, companyIds: readonly string[]): Promise<void> {
  await em.execute(
    `update deals.account_summary s set economic_buyers = ${roleCount('ECONOMIC_BUYER')}, champions = ${roleCount('CHAMPION')},
       updated_at = now(), version = s.version + 1
     where s.id = any(string_to_array(?, ',')::uuid[])`,
    [[...new Set(companyIds)].join(',')],
  );
}

/**
 * company.created / company.updated, set-based: one statement for a whole run of company events
 * (the last state of each company wins). A new summary counts the contacts that arrived before
 * their company; an existing one keeps its counts, which contact events maintain.
 */
async function upsertCompanies(em: EntityManager, events: readonly EventEnvelope[]) {
  const latest = new Map<string, Record<string, string | null>>();
  for (const event of events) {
    const { company } = event.data as EventData<'company.created'>;
    latest.set(company.id, {
      id: company.id,
      tenant_id: event.tenantId,
      legal_name: company.legalName,
      trade_name: company.tradeName,
      segment: company.segment,
      owner_id: company.ownerId,
    });
  }
  await em.execute(
    `insert into deals.account_summary as t
       (id, tenant_id, created_at, updated_at, version, legal_name, trade_name, segment, owner_id, economic_buyers, champions)
     select s.id, s.tenant_id, now(), now(), 1, s.legal_name, s.trade_name, s.segment, s.owner_id, ${roleCount('ECONOMIC_BUYER')}, ${roleCount('CHAMPION')}
       from jsonb_to_recordset(?::jsonb) as s(id uuid, tenant_id varchar, legal_name text, trade_name text, segment varchar, owner_id varchar)
     on conflict (id) do update set legal_name = excluded.legal_name, trade_name = excluded.trade_name, segment = excluded.segment,
       owner_id = excluded.owner_id, updated_at = now(), version = t.version + 1`,
    [JSON.stringify([...latest.values()])],
  );
}

/** One handler for both types, so that a run mixing creates and updates is applied at once. */
const companyUpserts = setBased(upsertCompanies);

async function upsertContact(em: EntityManager, event: EventEnvelope) {
  const { contact } = event.data as EventData<'contact.created'>;
  const row =
    (await em.findOne(AccountContact, { id: contact.id })) ??
    em.create(AccountContact, { id: contact.id, tenantId: event.tenantId, companyId: contact.companyId });
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
    'company.created': companyUpserts,
    'company.updated': companyUpserts,
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
      const row =
        (await em.findOne(AccountContact, { id: contactId })) ??
        em.create(AccountContact, { id: contactId, tenantId: event.tenantId, companyId });
      row.erased = true;
      row.meddicRole = null;
      await em.flush();
      await recountCompanies(em, [row.companyId]);
      await em.flush();
    },
  },
};
