import { isManagerOrAbove, type Identity } from '@salesgraph/auth';

/**
 * Who sees the same data: subscribers with equal scopes may share one entity fetch per event.
 * Row visibility in this graph depends on the tenant and the roles (and scopes), and for
 * anyone below SALES_MANAGER also on who they are (a SALES_REP sees own deals, an OPERATIONS
 * user own and role-assigned tasks). So managers and above share by (tenant, roles, scopes);
 * everyone else only with themselves. Sharing less is always safe; sharing more never happens.
 */
export function accessScope(identity: Identity): string {
  const roles = [...identity.roles].sort();
  const scopes = [...identity.scopes].sort();
  return JSON.stringify([identity.tenant, roles, scopes, isManagerOrAbove(identity) ? null : identity.sub]);
}
