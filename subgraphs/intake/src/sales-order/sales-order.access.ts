import { appError } from '@salesgraph/errors';
import { hasAnyRole, type Identity, type Role } from '@salesgraph/auth';

/** Integration support and administrators see what the systems sent, as they sent it. */
const rawPayloadReaders: readonly Role[] = ['OPERATIONS', 'SYSTEM_ADMIN'];

export const canSeeRawPayload = (identity: Identity): boolean => hasAnyRole(identity, rawPayloadReaders);

/** Orders are read by people of the tenant (any role); a scope-only client token reads nothing here. */
export function requireOrderReader(identity: Identity): void {
  if (identity.roles.length === 0) throw appError('FORBIDDEN', 'Sales orders are read by users of the tenant');
}

/** Pushing orders of a system needs the `intake:<system>` scope. */
export function requireIntakeScope(identity: Identity, slug: string): void {
  if (!identity.scopes.includes(`intake:${slug}`))
    throw appError('FORBIDDEN', `Sending ${slug} orders needs the scope intake:${slug}`);
}
