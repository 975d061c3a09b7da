import { requestLoader, referencedOrNotFound } from '@salesgraph/subgraph';
import type { AccountsContext } from '../context.js';
import type { Contact } from './contact.entity.js';
import { contactsByCompanyIds, contactsByIds } from './contact.service.js';

/** One SQL statement per request for every Contact the gateway asks this subgraph to resolve. */
export function contactLoader(context: AccountsContext) {
  return requestLoader<string, Contact | null>(context, 'contact.byId', (ids) => contactsByIds(context.em, ids));
}

/** One SQL statement per request for the contacts of every company in it. */
export function companyContactsLoader(context: AccountsContext) {
  return requestLoader<string, Contact[]>(context, 'contact.byCompanyId', (companyIds) =>
    contactsByCompanyIds(context.em, companyIds),
  );
}

export const contactReference = {
  Contact: {
    __resolveReference: (reference: { id: string }, context: AccountsContext) =>
      referencedOrNotFound('Contact', contactLoader(context).load(reference.id)),
  },
};
