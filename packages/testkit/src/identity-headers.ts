import { IDENTITY_HEADER, signForwardedIdentity, type Identity, type Role } from '@salesgraph/auth';
import { TEST_IDENTITY_SECRET } from './names.js';

/** Headers a gateway would add for this caller; lets a test call one subgraph directly. */
export async function identityHeaders(identity: {
  tenant: string;
  roles: readonly Role[];
  sub?: string;
  scopes?: readonly string[];
  clientId?: string;
}): Promise<Record<string, string>> {
  const full: Identity = {
    sub: identity.sub ?? identity.clientId ?? 'test-user',
    tenant: identity.tenant,
    roles: identity.roles,
    scopes: identity.scopes ?? [],
    ...(identity.clientId !== undefined ? { clientId: identity.clientId } : {}),
  };
  return { [IDENTITY_HEADER]: await signForwardedIdentity(full, TEST_IDENTITY_SECRET, 30) };
}
