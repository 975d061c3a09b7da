import { signForwardedIdentity, type Identity } from '@salesgraph/auth';
import { principalKey } from '../sharing/keys.js';

export interface IdentitySignerOptions {
  readonly secret: string;
  /** Lifetime of each signed identity (GATEWAY_IDENTITY_TTL_SECONDS). */
  readonly ttlSeconds: number;
  /** How long one signed identity is reused for the same principal; 0 signs one per subgraph request. */
  readonly reuseSeconds: number;
  /** Principals remembered at most (the oldest is forgotten first). */
  readonly maxPrincipals?: number;
  /** The clock, in milliseconds (tests). */
  readonly now?: () => number;
}

interface Signed {
  readonly token: Promise<string>;
  readonly until: number;
}

/**
 * Signs the caller's identity for subgraph requests (`x-salesgraph-identity`). HS256 signing
 * per subgraph request was a visible share of the gateway's CPU (dozens of fetches per
 * operation), so a signed identity is reused for the same principal (equal sub, tenant,
 * roles and scopes) during `reuseSeconds`, a fraction of its lifetime: a token therefore
 * always reaches a subgraph with at least `ttlSeconds - reuseSeconds` left. This changes
 * nothing a captured header allows (it is valid for its lifetime either way; subgraphs keep
 * no replay list, the `jti` names a signing, not a request).
 */
export function createIdentitySigner({
  secret,
  ttlSeconds,
  reuseSeconds,
  maxPrincipals = 10_000,
  now = Date.now,
}: IdentitySignerOptions) {
  const signed = new Map<string, Signed>();
  return function signIdentity(identity: Identity): Promise<string> {
    if (reuseSeconds <= 0) return signForwardedIdentity(identity, secret, ttlSeconds);
    const key = principalKey(identity);
    const at = now();
    const reused = signed.get(key);
    if (reused && reused.until > at) return reused.token;
    const entry: Signed = {
      token: signForwardedIdentity(identity, secret, ttlSeconds),
      until: at + reuseSeconds * 1000,
    };
    signed.delete(key); // re-inserted last: Map order is the eviction order
    signed.set(key, entry);
    if (signed.size > maxPrincipals) signed.delete(signed.keys().next().value!);
    entry.token.catch(() => {
      if (signed.get(key) === entry) signed.delete(key);
    });
    return entry.token;
  };
}

export type IdentitySigner = ReturnType<typeof createIdentitySigner>;
