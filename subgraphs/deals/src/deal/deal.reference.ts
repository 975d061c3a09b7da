import { requestLoader, referencedOrNotFound } from '@salesgraph/subgraph';
import type { DealsContext } from '../context.js';
import type { Deal } from './deal.entity.js';
import { dealsByIds } from './deal.queries.js';

/** One SQL statement per request for every Deal the gateway asks this subgraph to resolve. */
export function dealLoader(context: DealsContext) {
  return requestLoader<string, Deal | null>(context, 'deal.byId', (ids) =>
    dealsByIds(context.em, context.identity, ids),
  );
}

export const dealReference = {
  Deal: {
    __resolveReference: (reference: { id: string }, context: DealsContext) =>
      referencedOrNotFound('Deal', dealLoader(context).load(reference.id)),
  },
};
