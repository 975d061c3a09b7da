import { hasAnyRole, isManagerOrAbove, isThirdPartyClient, type Identity } from '@salesgraph/auth';
import { appError } from '@salesgraph/errors';

/** A SALES_REP without a manager role: limited to own deals. */
const isRepOnly = (identity: Identity) => hasAnyRole(identity, ['SALES_REP']) && !isManagerOrAbove(identity);

/**
 * Row-level visibility of deals beyond the tenant filter: a SALES_REP (without a manager
 * role) sees and edits only the deals they own; everyone else sees the tenant's deals.
 */
export function dealVisibility(identity: Identity): { ownerId?: string } {
  if (isRepOnly(identity)) return { ownerId: identity.sub };
  return {};
}

/**
 * Deals are written by the sales roles: SALES_REP and SALES_MANAGER or above, and by
 * third-party apps holding `deals:write` (the mutations' `@requiresScopes`, checked before).
 */
export function requireDealWriter(identity: Identity): void {
  if (isThirdPartyClient(identity)) return;
  if (!hasAnyRole(identity, ['SALES_REP']) && !isManagerOrAbove(identity))
    throw appError('FORBIDDEN', 'Only SALES_REP and SALES_MANAGER or above change deals');
}

/** A SALES_REP may change only own deals. */
export function requireMayChange(identity: Identity, deal: { ownerId: string }): void {
  if (isRepOnly(identity) && deal.ownerId !== identity.sub)
    throw appError('FORBIDDEN', 'A SALES_REP may change only own deals');
}

/** Only SALES_MANAGER or above give a deal to someone else. */
export function requireMayAssign(identity: Identity, ownerId: string): void {
  if (ownerId !== identity.sub && !isManagerOrAbove(identity))
    throw appError('FORBIDDEN', 'Only a SALES_MANAGER or above assigns deals to someone else', { field: 'ownerId' });
}
