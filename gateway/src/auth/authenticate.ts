import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { Identity } from '@salesgraph/auth';
import { appError } from '@salesgraph/errors';
import type { Logger } from '@salesgraph/logging';
import { KeysUnavailableError } from './issuer-keys.js';
import { TokenRejectedError, type TokenVerifier } from './token-verifier.js';

/** The third-party apps allowed on /public/graphql and the tenant each is bound to. */
export interface ClientRegistry {
  /** The client's tenant; undefined for a client not registered. */
  tenantOf(clientId: string): string | undefined;
  /** No client is registered and every client the issuer vouches for is accepted (never in production). */
  readonly open: boolean;
}

export interface AuthenticatorOptions {
  readonly verifier: TokenVerifier;
  readonly logger: Logger;
  readonly onRejected?: (reason: string) => void;
  readonly clients?: ClientRegistry;
}

/** PUBLIC_API_CLIENTS as a registry; open only when empty and outside production mode. */
export function clientRegistry(
  clients: Readonly<Record<string, { tenant: string }>>,
  production: boolean,
): ClientRegistry {
  const tenants = new Map(Object.entries(clients).map(([clientId, { tenant }]) => [clientId, tenant]));
  return { tenantOf: (clientId) => tenants.get(clientId), open: tenants.size === 0 && !production };
}

/** Refuses the request with 401, as RFC 6750 describes for a bearer-protected resource. */
function unauthenticated(message: string, challenge: string): GraphQLError {
  return appError('UNAUTHENTICATED', message, {
    http: { status: 401, headers: new HeaderMap([['www-authenticate', challenge]]) },
  });
}

/** `Bearer <token>` (scheme case-insensitive), or undefined when the header is absent. */
export function bearerToken(authorization: string | undefined): string | undefined | null {
  if (authorization === undefined || authorization === '') return undefined;
  const match = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i.exec(authorization);
  return match ? match[1]! : null;
}

/**
 * The Authorization header -> the caller's identity. There is no anonymous access to the
 * graph: a missing, malformed or refused token is UNAUTHENTICATED (401). The reason is
 * logged; the client learns only whether its token expired.
 */
export function createAuthenticator({ verifier, logger, onRejected, clients }: AuthenticatorOptions) {
  /** A client token must come from a registered app, for the tenant the app is bound to. */
  function checkClient(identity: Identity): Identity {
    if (identity.clientId === undefined || !clients || clients.open) return identity;
    const tenant = clients.tenantOf(identity.clientId);
    if (tenant === undefined) {
      onRejected?.('unknown_client');
      throw unauthenticated(
        'The client is not registered for the public API',
        'Bearer realm="salesgraph", error="invalid_token"',
      );
    }
    if (tenant !== identity.tenant) {
      onRejected?.('client_tenant');
      throw appError('FORBIDDEN', 'The client is not bound to the tenant of this token', { http: { status: 403 } });
    }
    return identity;
  }

  return async function authenticate(authorization: string | undefined): Promise<Identity> {
    const token = bearerToken(authorization);
    if (token === undefined) {
      onRejected?.('missing');
      throw unauthenticated('A bearer token is required', 'Bearer realm="salesgraph"');
    }
    try {
      if (token === null) throw new TokenRejectedError('malformed', 'authorization header');
      return checkClient(await verifier.verify(token));
    } catch (error) {
      if (error instanceof TokenRejectedError) {
        onRejected?.(error.reason);
        logger.debug({ reason: error.reason, detail: error.detail }, 'token refused');
        throw error.reason === 'expired'
          ? unauthenticated(
              'The token has expired',
              'Bearer realm="salesgraph", error="invalid_token", error_description="expired"',
            )
          : unauthenticated('The token is not valid', 'Bearer realm="salesgraph", error="invalid_token"');
      }
      if (error instanceof KeysUnavailableError) {
        onRejected?.('keys_unavailable');
        throw new GraphQLError('The identity provider keys are unavailable', {
          originalError: error,
          extensions: {
            code: 'INTERNAL_SERVER_ERROR',
            http: { status: 503, headers: new HeaderMap([['retry-after', '5']]) },
          },
        });
      }
      throw error;
    }
  };
}

export type Authenticate = ReturnType<typeof createAuthenticator>;
