import { DEV_AUDIENCE, DEV_ISSUER, loadOrCreateDevIssuer } from '@salesgraph/auth';
import { describeError, type Logger } from '@salesgraph/logging';
import { signatureAlgorithms, type GatewayConfig } from '../config.js';
import { localIssuerKeys, remoteIssuerKeys } from './issuer-keys.js';
import type { TrustedIssuer } from './token-verifier.js';

/**
 * The issuers of the configuration: every OIDC issuer (keys from its JWKS), plus the local
 * development issuer (ES256 key from DEV_ISSUER_KEY_FILE) outside production mode only.
 */
export async function trustedIssuers(
  config: Pick<GatewayConfig, 'NODE_ENV' | 'OIDC_ISSUERS' | 'DEV_ISSUER_ENABLED' | 'DEV_ISSUER_KEY_FILE'>,
  logger: Logger,
): Promise<TrustedIssuer[]> {
  const issuers: TrustedIssuer[] = config.OIDC_ISSUERS.map((oidc) => ({
    issuer: oidc.issuer,
    audience: oidc.audience,
    algorithms: oidc.algorithms ?? signatureAlgorithms,
    typ: oidc.typ,
    keys: remoteIssuerKeys({
      issuer: oidc.issuer,
      jwksUri: oidc.jwksUri,
      onFetchError: (error) =>
        logger.warn(
          { issuer: oidc.issuer, error: describeError(error) },
          'fetching issuer keys failed; using cached keys if any',
        ),
    }),
  }));
  if (config.DEV_ISSUER_ENABLED && config.NODE_ENV !== 'production') {
    const devIssuer = await loadOrCreateDevIssuer(config.DEV_ISSUER_KEY_FILE);
    issuers.push({
      issuer: DEV_ISSUER,
      audience: DEV_AUDIENCE,
      algorithms: ['ES256'],
      typ: 'at+jwt',
      keys: localIssuerKeys({ keys: [devIssuer.publicJwk] }),
    });
  }
  return issuers;
}
