import { requestLoader, referencedOrNotFound } from '@salesgraph/subgraph';
import type { WorkflowsContext } from '../context.js';
import type { ProcessInstance } from './process.entity.js';
import { processesBy } from './process.service.js';

/** One SQL statement per request for every process looked up by id. */
export const processLoader = (context: WorkflowsContext) =>
  requestLoader<string, ProcessInstance | null>(context, 'process.byId', (ids) =>
    processesBy(context.em, context.identity, 'id', ids),
  );

/** One SQL statement per request for every process looked up by its deal. */
export const processByDealLoader = (context: WorkflowsContext) =>
  requestLoader<string, ProcessInstance | null>(context, 'process.byDealId', (dealIds) =>
    processesBy(context.em, context.identity, 'dealId', dealIds),
  );

export const processReference = {
  ProcessInstance: {
    __resolveReference: (reference: { id: string }, context: WorkflowsContext) =>
      referencedOrNotFound('ProcessInstance', processLoader(context).load(reference.id)),
  },
};
