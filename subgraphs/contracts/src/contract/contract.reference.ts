import { requestLoader, referencedOrNotFound } from '@salesgraph/subgraph';
import type { ContractsContext } from '../context.js';
import type { Contract } from './contract.entity.js';
import { contractsByIds, contractsByParent } from './contract.queries.js';

/** One SQL statement per request for every Contract the gateway asks this subgraph to resolve. */
export function contractLoader(context: ContractsContext) {
  return requestLoader<string, Contract | null>(context, 'contract.byId', (ids) =>
    contractsByIds(context.em, context.identity, ids),
  );
}

/** One SQL statement per request for the contracts of every company asked for. */
export function companyContractsLoader(context: ContractsContext) {
  return requestLoader<string, Contract[]>(context, 'contract.byCompany', (ids) =>
    contractsByParent(context.em, context.identity, 'companyId', ids),
  );
}

/** One SQL statement per request for the contracts of every deal asked for. */
export function dealContractsLoader(context: ContractsContext) {
  return requestLoader<string, Contract[]>(context, 'contract.byDeal', (ids) =>
    contractsByParent(context.em, context.identity, 'dealId', ids),
  );
}

export const contractReference = {
  Contract: {
    __resolveReference: (reference: { id: string }, context: ContractsContext) =>
      referencedOrNotFound('Contract', contractLoader(context).load(reference.id)),
  },
};
