import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { Identity } from '@salesgraph/auth';
import { appError } from '@salesgraph/errors';
import type { Logger } from '@salesgraph/logging';
import { KeysUnavailableError } from './issuer-keys.js';
import { TokenRejectedError, type TokenVerifier } from './token-verifier.js';

export interface AuthenticatorOptions {
  readonly verifier: TokenVerifier;
  readonly logger: Logger;
  readonly onRejected?: (reason: string) => void;
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
export function createAuthenticator({ verifier, logger, onRejected }: AuthenticatorOptions) {
  return async function authenticate(authorization: string | undefined): Promise<Identity> {
    const token = bearerToken(authorization);
    if (token === undefined) {
      onRejected?.('missing');
      throw unauthenticated('A bearer token is required', 'Bearer realm="salesgraph"');
    }
    try {
      if (token === null) throw new TokenRejectedError('malformed', 'authorization header');
      return await verifier.verify(token);
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
