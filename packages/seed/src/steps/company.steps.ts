import type { SeedContext } from '../context.js';
import { addContactOperation, createCompanyOperation } from '../operations.js';
import type { CompanyPlan, ContactPlan } from '../plan/tenant-plan.js';
import { accepted, type Problem } from './problem.js';

export interface CompanyRef {
  readonly id: string;
  readonly version: number;
}

type CompanyInput = Omit<CompanyPlan, 'key' | 'contacts' | 'city'>;

export async function createCompany(context: SeedContext, token: string, input: CompanyInput): Promise<CompanyRef> {
  const data = await context.client.execute<{ createCompany: { company: CompanyRef | null; problem: Problem | null } }>(
    token,
    createCompanyOperation,
    { input },
  );
  const company = accepted<CompanyRef>('createCompany', data.createCompany, 'company');
  context.stats.add('companies');
  return company;
}

export async function addContact(
  context: SeedContext,
  token: string,
  companyId: string,
  contact: ContactPlan,
): Promise<{ id: string }> {
  const data = await context.client.execute<{
    addContact: { contact: { id: string } | null; problem: Problem | null };
  }>(token, addContactOperation, {
    input: { companyId, ...contact },
  });
  const created = accepted<{ id: string }>('addContact', data.addContact, 'contact');
  context.stats.add(`contacts.${contact.meddicRole}`);
  return created;
}

/** A company and its contacts, as the plan says (the owner rep is set; the caller registers them). */
export async function createCompanyWithContacts(
  context: SeedContext,
  token: string,
  plan: CompanyPlan,
): Promise<CompanyRef> {
  const { key: _key, contacts, city: _city, ...input } = plan;
  const company = await createCompany(context, token, input);
  for (const contact of contacts) await addContact(context, token, company.id, contact);
  return company;
}
