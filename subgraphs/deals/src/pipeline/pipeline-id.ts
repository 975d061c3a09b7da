import { createHash } from 'node:crypto';

/** Fixed namespace of Salesgraph pipeline ids (uuid v5 names are tenant ids). */
export const PIPELINE_NAMESPACE = '0c5b2f8e-6a3d-4f1e-9b7a-5d2c8e4f1a60';

/** RFC 9562 uuid v5 (SHA-1 of namespace + name). */
export function uuidV5(name: string, namespace: string): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replaceAll('-', ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The id of a tenant's PipelineSummary: aggregateId of its `pipeline.summary_changed` events. */
export function pipelineIdOf(tenantId: string): string {
  return uuidV5(tenantId, PIPELINE_NAMESPACE);
}
