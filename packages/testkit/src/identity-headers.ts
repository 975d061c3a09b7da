import { IDENTITY_HEADER, signForwardedIdentity, type Identity, type Role } from '@salesgraph/auth';
import { TEST_IDENTITY_SECRET } from './names.js';

/** Headers a gateway would add for this caller; lets a test call one subgraph directly. */
export async function identityHeaders(identity: {
  tenant: string;
  roles: readonly Role[];
  sub?: string;
}): Promise<Record<string, string>> {
  const full: Identity = {
    sub: identity.sub ?? 'test-user',
    tenant: identity.tenant,
    roles: identity.roles,
    scopes: [],
  };
  return { [IDENTITY_HEADER]: await signForwardedIdentity(full, TEST_IDENTITY_SECRET, 30) };
}
