import type { EntityManager } from '@mikro-orm/postgresql';
import { appError } from '@salesgraph/errors';
import { distinctUuids, reference, type WriteRequest } from '@salesgraph/write';
import { Company } from '../company/company.entity.js';
import { optionalText, requireText } from '../company/company.validation.js';
import { changeSet } from '../changes.js';
import { Contact } from './contact.entity.js';
import type { AddContactInput, UpdateContactInput } from './contact.inputs.js';
import {
  ContactProblemReason,
  contactErasures,
  contactWrites,
  type ContactResult,
  type EraseContactResult,
} from './contact.results.js';
import { optionalEmail, optionalPhone } from './contact.validation.js';
import { mayReadContactDetails } from './contact.access.js';
import { contactEvent, contactSnapshot } from './contact.events.js';

export function addContact(request: WriteRequest, input: AddContactInput): Promise<ContactResult> {
  const { identity } = request;
  const name = requireText('name', input.name);
  const email = optionalEmail(input.email);
  const phone = optionalPhone(input.phone);
  const jobTitle = optionalText('jobTitle', input.jobTitle);
  const marketingConsent = input.marketingConsent ?? false;
  return contactWrites.create(request, {
    operation: 'accounts.addContact',
    input,
    references: {
      company: reference({
        entity: Company,
        field: 'companyId',
        id: input.companyId,
        missing: ContactProblemReason.COMPANY_NOT_FOUND,
        noun: 'company',
      }),
    },
    rules: (tx, { company }) => {
      const contact = tx.create(Contact, {
        tenantId: identity.tenant,
        companyId: company.id,
        name,
        email,
        phone,
        jobTitle,
        meddicRole: input.meddicRole ?? null,
        marketingConsent,
        marketingConsentAt: marketingConsent ? new Date() : null,
      });
      return {
        entity: contact,
        events: [contactEvent(identity, contact, 'contact.created', 1, { contact: contactSnapshot(contact) })],
      };
    },
  });
}

export function updateContact(request: WriteRequest, input: UpdateContactInput): Promise<ContactResult> {
  const name = input.name != null ? requireText('name', input.name) : undefined;
  const email = input.email !== undefined ? optionalEmail(input.email) : undefined;
  const phone = input.phone !== undefined ? optionalPhone(input.phone) : undefined;
  const jobTitle = input.jobTitle !== undefined ? optionalText('jobTitle', input.jobTitle) : undefined;
  return contactWrites.change(request, {
    operation: 'accounts.updateContact',
    input,
    target: input,
    rules: (_tx, contact) => {
      const { set, changed } = changeSet(contact);
      set('name', name);
      set('email', email);
      set('phone', phone);
      set('jobTitle', jobTitle);
      set('meddicRole', input.meddicRole);
      if (input.marketingConsent != null && input.marketingConsent !== contact.marketingConsent) {
        set('marketingConsent', input.marketingConsent);
        contact.marketingConsentAt = input.marketingConsent ? new Date() : null;
      }
      if (changed.length === 0) return { entity: contact, events: [] };
      const data = { contact: contactSnapshot(contact), changed };
      return {
        entity: contact,
        events: [contactEvent(request.identity, contact, 'contact.updated', contact.version + 1, data)],
      };
    },
  });
}

/**
 * LGPD erasure: the contact row (and with it every personal datum held about the person) is
 * deleted, and `contact.erased` tells the other subgraphs. The row is locked by the frame, so
 * the event's version follows any concurrent update's.
 */
export function eraseContact(request: WriteRequest, id: string): Promise<EraseContactResult> {
  return contactErasures.change(request, {
    operation: 'accounts.eraseContact',
    input: { id },
    target: { id },
    rules: async (tx, contact) => {
      const company = await tx.findOne(Company, { id: contact.companyId });
      if (!mayReadContactDetails(request.identity, company)) {
        throw appError(
          'FORBIDDEN',
          'Only OPERATIONS, LEGAL_COUNSEL, SYSTEM_ADMIN or the company owner may erase a contact',
        );
      }
      const data = { contactId: contact.id, companyId: contact.companyId };
      const erased = contactEvent(request.identity, contact, 'contact.erased', contact.version + 1, data);
      tx.remove(contact);
      return { entity: contact, events: [erased] };
    },
  });
}

/** Loads many contacts in one statement, in the order of `ids` (null where absent). */
export async function contactsByIds(em: EntityManager, ids: readonly string[]): Promise<(Contact | null)[]> {
  const rows = await em.find(Contact, { id: { $in: distinctUuids(ids) } });
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id) ?? null);
}

/** The contacts of many companies in one statement, oldest first, in the order of `companyIds`. */
export async function contactsByCompanyIds(em: EntityManager, companyIds: readonly string[]): Promise<Contact[][]> {
  const rows = await em.find(
    Contact,
    { companyId: { $in: distinctUuids(companyIds) } },
    { orderBy: { createdAt: 'asc', id: 'asc' } },
  );
  const byCompany = new Map<string, Contact[]>();
  for (const row of rows) byCompany.set(row.companyId, [...(byCompany.get(row.companyId) ?? []), row]);
  return companyIds.map((id) => byCompany.get(id) ?? []);
}
