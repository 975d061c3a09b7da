import { uuidV5 } from '@salesgraph/write';

/** Namespace of every name-based id this subgraph derives (a fixed, random uuid). */
const WORKFLOWS_NAMESPACE = '5b0c6f4e-8a51-4f0e-9d3c-2f7a1e6b9c41';

/**
 * The process of a deal has an id derived from (tenant, deal): tasks can point at it before
 * the process consumer has seen the deal, and a rebuild from the topics gives the same ids.
 */
export const processIdFor = (tenantId: string, dealId: string): string =>
  uuidV5(`process:${tenantId}:${dealId}`, WORKFLOWS_NAMESPACE);

/** A task's id derives from the event that created it, so replays never make a second one. */
export const taskIdFor = (tenantId: string, sourceEventId: string, type: string): string =>
  uuidV5(`task:${tenantId}:${sourceEventId}:${type}`, WORKFLOWS_NAMESPACE);
