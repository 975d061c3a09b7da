import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { appError } from '@salesgraph/errors';
import type { Identity } from '@salesgraph/auth';
import { isStaleVersion } from '@salesgraph/orm';
import { Company } from '../company/company.entity.js';
import { optionalText, requireText } from '../company/company.validation.js';
import { changeSet } from '../changes.js';
import { distinctUuids, requireUuid } from '../ids.js';
import { Contact } from './contact.entity.js';
import type { AddContactInput, UpdateContactInput } from './contact.inputs.js';
import {
  ContactProblemReason,
  contactProblem,
  type ContactResult,
  type EraseContactResult,
} from './contact.results.js';
import { optionalEmail, optionalPhone } from './contact.validation.js';
import { mayReadContactDetails } from './contact.access.js';
import { contactSnapshot, recordContactEvent } from './contact.events.js';

const staleVersion = (version: number | null) =>
  contactProblem(
    ContactProblemReason.STALE_VERSION,
    version === null
      ? 'The contact changed meanwhile; re-read it and retry'
      : `The contact is at version ${version}; re-read it and retry`,
  );

export async function addContact(
  em: EntityManager,
  identity: Identity,
  input: AddContactInput,
): Promise<ContactResult> {
  const companyId = requireUuid('companyId', input.companyId);
  const name = requireText('name', input.name);
  const email = optionalEmail(input.email);
  const phone = optionalPhone(input.phone);
  const jobTitle = optionalText('jobTitle', input.jobTitle);
  const marketingConsent = input.marketingConsent ?? false;
  return em.transactional(async (tx) => {
    if (!(await tx.count(Company, { id: companyId })))
      throw appError('NOT_FOUND', 'Company not found', { field: 'companyId' });
    const contact = tx.create(Contact, {
      tenantId: identity.tenant,
      companyId,
      name,
      email,
      phone,
      jobTitle,
      meddicRole: input.meddicRole ?? null,
      marketingConsent,
      marketingConsentAt: marketingConsent ? new Date() : null,
    });
    const eventId = recordContactEvent(tx, identity, contact, 'contact.created', 1, {
      contact: contactSnapshot(contact),
    });
    await tx.flush();
    return { contact, problem: null, eventId };
  });
}

export async function updateContact(
  em: EntityManager,
  identity: Identity,
  input: UpdateContactInput,
): Promise<ContactResult> {
  const id = requireUuid('id', input.id);
  const name = input.name != null ? requireText('name', input.name) : undefined;
  const email = input.email !== undefined ? optionalEmail(input.email) : undefined;
  const phone = input.phone !== undefined ? optionalPhone(input.phone) : undefined;
  const jobTitle = input.jobTitle !== undefined ? optionalText('jobTitle', input.jobTitle) : undefined;
  try {
    return await em.transactional(async (tx) => {
      const contact = await tx.findOne(Contact, { id });
      if (!contact) throw appError('NOT_FOUND', 'Contact not found', { field: 'id' });
      if (contact.version !== input.version) return staleVersion(contact.version);
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
      if (changed.length === 0) return { contact, problem: null, eventId: null };
      const eventId = recordContactEvent(tx, identity, contact, 'contact.updated', contact.version + 1, {
        contact: contactSnapshot(contact),
        changed,
      });
      await tx.flush();
      return { contact, problem: null, eventId };
    });
  } catch (error) {
    if (isStaleVersion(error)) return staleVersion(null);
    throw error;
  }
}

/**
 * LGPD erasure: the contact row (and with it every personal datum held about the person) is
 * deleted, and `contact.erased` tells the other subgraphs. The row is locked first, so the
 * event's version follows any concurrent update's.
 */
export async function eraseContact(em: EntityManager, identity: Identity, id: string): Promise<EraseContactResult> {
  requireUuid('id', id);
  return em.transactional(async (tx) => {
    const contact = await tx.findOne(Contact, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!contact) throw appError('NOT_FOUND', 'Contact not found', { field: 'id' });
    const company = await tx.findOne(Company, { id: contact.companyId });
    if (!mayReadContactDetails(identity, company)) {
      throw appError(
        'FORBIDDEN',
        'Only OPERATIONS, LEGAL_COUNSEL, SYSTEM_ADMIN or the company owner may erase a contact',
      );
    }
    const eventId = recordContactEvent(tx, identity, contact, 'contact.erased', contact.version + 1, {
      contactId: contact.id,
      companyId: contact.companyId,
    });
    tx.remove(contact);
    await tx.flush();
    return { contactId: id, eventId };
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
