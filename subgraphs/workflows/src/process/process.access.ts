import { hasAnyRole, isManagerOrAbove, type Identity } from '@salesgraph/auth';

/**
 * Row-level visibility of processes beyond the tenant filter, the same as the deals they
 * follow: a SALES_REP (without a manager role) sees only processes of deals they own.
 */
export function processVisibility(identity: Identity): { ownerId?: string } {
  if (hasAnyRole(identity, ['SALES_REP']) && !isManagerOrAbove(identity)) return { ownerId: identity.sub };
  return {};
}
