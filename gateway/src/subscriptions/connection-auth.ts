import { decodeJwt } from 'jose';
import type { GraphQLError } from 'graphql';
import type { Identity } from '@salesgraph/auth';
import { bearerToken, type Authenticate } from '../auth/authenticate.js';

export interface ConnectionIdentity {
  readonly identity: Identity;
  /** When the token expires (ms since the epoch); the connection is closed then. */
  readonly expiresAt: number;
}

export type AuthenticateConnection = (authorization: unknown) => Promise<ConnectionIdentity>;

/**
 * A subscription connection authenticates once, with the gateway's verifier, and lives no
 * longer than its token: `expiresAt` is the verified token's `exp`.
 */
export function createConnectionAuth(authenticate: Authenticate): AuthenticateConnection {
  return async (authorization) => {
    const header = typeof authorization === 'string' ? authorization : undefined;
    const identity = await authenticate(header);
    const { exp } = decodeJwt(bearerToken(header) ?? '');
    return { identity, expiresAt: (exp ?? 0) * 1000 };
  };
}

/** Whether an authentication failure is the caller's (bad token) rather than ours (keys unavailable). */
export function isCallerAtFault(error: unknown): boolean {
  return (error as GraphQLError | undefined)?.extensions?.['code'] === 'UNAUTHENTICATED';
}

/** Runs `onExpired` when the token expires (setTimeout cannot wait longer than ~24.8 days at once). */
export function onTokenExpiry(expiresAt: number, onExpired: () => void): () => void {
  let timer: NodeJS.Timeout;
  const arm = () => {
    const remaining = expiresAt - Date.now();
    if (remaining <= 0) return onExpired();
    timer = setTimeout(arm, Math.min(remaining, 2 ** 31 - 1));
    timer.unref();
  };
  arm();
  return () => clearTimeout(timer);
}
