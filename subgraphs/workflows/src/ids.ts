import { createHash } from 'node:crypto';

/** Namespace of every name-based id this subgraph derives (a fixed, random uuid). */
const WORKFLOWS_NAMESPACE = '5b0c6f4e-8a51-4f0e-9d3c-2f7a1e6b9c41';

/** RFC 9562 version-5 (SHA-1, name-based) uuid: the same name always gives the same id. */
export function uuidV5(name: string, namespace = WORKFLOWS_NAMESPACE): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replaceAll('-', ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The process of a deal has an id derived from (tenant, deal): tasks can point at it before
 * the process consumer has seen the deal, and a rebuild from the topics gives the same ids.
 */
export const processIdFor = (tenantId: string, dealId: string): string => uuidV5(`process:${tenantId}:${dealId}`);

/** A task's id derives from the event that created it, so replays never make a second one. */
export const taskIdFor = (tenantId: string, sourceEventId: string, type: string): string =>
  uuidV5(`task:${tenantId}:${sourceEventId}:${type}`);
