import type { EntityManager } from '@mikro-orm/postgresql';

export const TENANT_FILTER = 'tenant';

/** A fresh unit of work for one request or one message, scoped to one tenant. */
export function forkForTenant(em: EntityManager, tenantId: string): EntityManager {
  const fork = em.fork({ clear: true, useContext: false, freshEventManager: false });
  fork.setFilterParams(TENANT_FILTER, { tenantId });
  return fork;
}

/** The tenant a unit of work is scoped to; throws if it has none (fail closed). */
export function tenantOf(em: EntityManager): string {
  const params = em.getFilterParams<{ tenantId?: string }>(TENANT_FILTER);
  if (!params?.tenantId) throw new Error('EntityManager is not scoped to a tenant');
  return params.tenantId;
}
