import { requestLoader } from '@salesgraph/subgraph';
import type { IntakeContext } from '../context.js';
import type { SalesOrder } from './sales-order.entity.js';
import { salesOrdersByIds } from './sales-order.queries.js';

/** One SQL statement per request for every SalesOrder the gateway asks this subgraph to resolve. */
export function salesOrderLoader(context: IntakeContext) {
  return requestLoader<string, SalesOrder | null>(context, 'salesOrder.byId', (ids) =>
    salesOrdersByIds(context.em, ids),
  );
}

export const salesOrderReference = {
  SalesOrder: {
    __resolveReference: (reference: { id: string }, context: IntakeContext) =>
      salesOrderLoader(context).load(reference.id),
  },
};
