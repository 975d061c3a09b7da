import { requestLoader, referencedOrNotFound } from '@salesgraph/subgraph';
import type { AccountsContext } from '../context.js';
import type { Company } from './company.entity.js';
import { companiesByIds } from './company.service.js';

/** One SQL statement per request for every Company the gateway asks this subgraph to resolve. */
export function companyLoader(context: AccountsContext) {
  return requestLoader<string, Company | null>(context, 'company.byId', (ids) => companiesByIds(context.em, ids));
}

export const companyReference = {
  Company: {
    __resolveReference: (reference: { id: string }, context: AccountsContext) =>
      referencedOrNotFound('Company', companyLoader(context).load(reference.id)),
  },
};
