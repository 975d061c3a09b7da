import type { EntityManager } from '@mikro-orm/postgresql';
import { appError } from '@salesgraph/errors';
import { hasAnyRole, isManagerOrAbove, type Identity, type Role } from '@salesgraph/auth';
import { DealSnapshot } from '../deal-snapshot/deal-snapshot.entity.js';

/**
 * Who may do what with contracts (see README, "Access"):
 * - draft, revise, submit: SALES_REP for the deals they own, managers and above for any deal;
 * - send for signature: the same, plus LEGAL_COUNSEL;
 * - activate, suspend, terminate: OPERATIONS, managers and above;
 * - read: a SALES_REP (without a manager role) sees the contracts of the deals they own,
 *   everyone else of the tenant sees the tenant's contracts.
 * Managers and above = SALES_MANAGER, COMMERCIAL_DIRECTOR, CEO_BOARD, SYSTEM_ADMIN.
 */
export type ContractAction = 'draft' | 'send' | 'operate';

const extraRoles: Readonly<Record<ContractAction, readonly Role[]>> = {
  draft: ['SALES_REP'],
  send: ['SALES_REP', 'LEGAL_COUNSEL'],
  operate: ['OPERATIONS'],
};

/** Throws FORBIDDEN unless the caller's roles allow the action at all. */
export function requireContractRole(identity: Identity, action: ContractAction): void {
  if (isManagerOrAbove(identity) || hasAnyRole(identity, extraRoles[action])) return;
  throw appError('FORBIDDEN', `Your roles do not allow this contract operation (${action})`);
}

/** A SALES_REP without a manager role works only on the deals they own. */
function ownDealsOnly(identity: Identity): boolean {
  return hasAnyRole(identity, ['SALES_REP']) && !isManagerOrAbove(identity);
}

/** Throws FORBIDDEN when a SALES_REP drafts for a deal someone else owns. */
export function requireDealAccess(identity: Identity, deal: DealSnapshot): void {
  if (ownDealsOnly(identity) && deal.ownerId !== identity.sub) {
    throw appError('FORBIDDEN', 'A sales rep may draft contracts only for the deals they own');
  }
}

/** Row-level visibility of contracts beyond the tenant filter, as a `where` fragment. */
export function contractVisibility(em: EntityManager, identity: Identity): Record<string, unknown> {
  if (!ownDealsOnly(identity)) return {};
  const ownDeals = em.createQueryBuilder(DealSnapshot, 'owned').select('owned.id').where({ ownerId: identity.sub });
  return { dealId: { $in: ownDeals } };
}
