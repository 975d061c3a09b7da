import { uuidV5 } from '@salesgraph/write';

/** Fixed namespace of Salesgraph pipeline ids (uuid v5 names are tenant ids). */
export const PIPELINE_NAMESPACE = '0c5b2f8e-6a3d-4f1e-9b7a-5d2c8e4f1a60';

/** The id of a tenant's PipelineSummary: aggregateId of its `pipeline.summary_changed` events. */
export function pipelineIdOf(tenantId: string): string {
  return uuidV5(tenantId, PIPELINE_NAMESPACE);
}
