import { hasAnyRole, isManagerOrAbove, type Identity } from '@salesgraph/auth';

/**
 * Row-level visibility of deals beyond the tenant filter: a SALES_REP (without a manager
 * role) sees and edits only the deals they own; everyone else sees the tenant's deals.
 */
export function dealVisibility(identity: Identity): { ownerId?: string } {
  if (hasAnyRole(identity, ['SALES_REP']) && !isManagerOrAbove(identity)) return { ownerId: identity.sub };
  return {};
}
