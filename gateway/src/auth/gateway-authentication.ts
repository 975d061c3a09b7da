import type { Identity } from '@salesgraph/auth';
import { describeError, type Logger } from '@salesgraph/logging';
import type { GatewayConfig } from '../config.js';
import type { GatewayMetrics } from '../metrics.js';
import { refuseThirdPartyClient } from '../public/public-endpoint.js';
import { clientRegistry, createAuthenticator, type Authenticate } from './authenticate.js';
import { createTokenVerifier } from './token-verifier.js';
import { trustedIssuers } from './trusted-issuers.js';

/** Who every request is with GATEWAY_TEST_ONLY_NO_AUTHENTICATION (the conformance suite): no roles, its own tenant. */
const testOnlyIdentity: Identity = Object.freeze({ sub: 'test-only', tenant: 'test-only', roles: [], scopes: [] });

export interface GatewayAuthentication {
  /** Any caller the trusted issuers vouch for: users of internal apps and third-party clients. */
  readonly authenticate: Authenticate;
  /** The same, refusing third-party clients: they have the public contract only (/graphql). */
  readonly authenticateInternal: Authenticate;
}

/**
 * The gateway's authentication: tokens of the trusted issuers (keys loaded ahead where they
 * answer), known third-party clients bound to their tenants, and — only with the explicit
 * test-only setting, refused in production by the config — no authentication at all.
 */
export async function createGatewayAuthentication(
  config: Readonly<GatewayConfig>,
  logger: Logger,
  metrics: GatewayMetrics,
): Promise<GatewayAuthentication> {
  const verifier = createTokenVerifier(await trustedIssuers(config, logger));
  for (const { issuer, error } of await verifier.warmUp()) {
    logger.warn({ issuer, error: describeError(error) }, 'issuer keys not loaded yet; retried when a token arrives');
  }
  if (config.GATEWAY_TEST_ONLY_NO_AUTHENTICATION)
    logger.warn('GATEWAY_TEST_ONLY_NO_AUTHENTICATION: no token is asked for (tests only)');
  const authenticate: Authenticate = config.GATEWAY_TEST_ONLY_NO_AUTHENTICATION
    ? async () => testOnlyIdentity
    : createAuthenticator({
        verifier,
        logger,
        onRejected: (reason) => metrics.authRejected(reason),
        clients: clientRegistry(config.PUBLIC_API_CLIENTS, config.NODE_ENV === 'production'),
      });
  return {
    authenticate,
    authenticateInternal: async (authorization) => refuseThirdPartyClient(await authenticate(authorization)),
  };
}
