import { appError } from '@salesgraph/errors';
import { hasAnyRole, type Role } from '@salesgraph/auth';
import type { SubgraphContext } from './context.js';

/** Throws FORBIDDEN unless the caller holds one of the roles. */
export function requireIdentity(context: SubgraphContext, anyOf?: readonly Role[]): void {
  if (anyOf && !hasAnyRole(context.identity, anyOf)) {
    throw appError('FORBIDDEN', `This operation needs one of the roles: ${anyOf.join(', ')}`);
  }
}
