import { requestLoader } from '@salesgraph/subgraph';
import type { DealsContext } from '../context.js';
import type { PipelineSummary } from './pipeline.entity.js';
import { pipelineIdOf } from './pipeline-id.js';
import { readPipeline } from './pipeline.service.js';

/** The caller's tenant pipeline, read once per request (keyed by tenant: there is only the caller's). */
export function pipelineLoader(context: DealsContext) {
  return requestLoader<string, PipelineSummary>(context, 'pipeline', async (tenants) => {
    const summary = await readPipeline(context.em);
    return tenants.map(() => summary);
  });
}

export const pipelineReference = {
  PipelineSummary: {
    /** Resolves only the caller's own tenant pipeline; any other id is null. */
    __resolveReference: (reference: { id: string }, context: DealsContext) =>
      reference.id === pipelineIdOf(context.identity.tenant)
        ? pipelineLoader(context).load(context.identity.tenant)
        : null,
  },
};
