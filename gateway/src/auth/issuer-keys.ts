import { createLocalJWKSet, createRemoteJWKSet, errors, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';

/** An issuer's keys could not be fetched: a problem on our side of the wire, not the caller's. */
export class KeysUnavailableError extends Error {
  override readonly name = 'KeysUnavailableError';
}

/** Where the signing keys of one trusted issuer come from. */
export interface IssuerKeys {
  readonly getKey: JWTVerifyGetKey;
  /** Loads the keys ahead of the first request. Rejects when they cannot be had (yet). */
  warmUp(): Promise<void>;
}

/** A fixed key set, e.g. the public key of the local development issuer. */
export function localIssuerKeys(jwks: JSONWebKeySet): IssuerKeys {
  const getKey = createLocalJWKSet(jwks);
  return { getKey, warmUp: async () => undefined };
}

export interface RemoteIssuerKeysOptions {
  /** Exactly as tokens carry it in `iss`; the discovery document must name the same issuer. */
  readonly issuer: string;
  /** When absent, found through `<issuer>/.well-known/openid-configuration`. */
  readonly jwksUri?: string;
  /** At most one refetch (unknown `kid`, retried discovery) per cooldown. */
  readonly cooldownMs?: number;
  /** Keys are refreshed in the background this often; requests never wait for it. */
  readonly refreshMs?: number;
  readonly timeoutMs?: number;
  /** Told about every failed fetch; verification goes on with the cached keys. */
  readonly onFetchError?: (error: unknown) => void;
}

/** Errors that say something about the token (not about the key endpoint). */
function isTokenProblem(error: unknown): boolean {
  return (
    error instanceof errors.JWKSNoMatchingKey ||
    error instanceof errors.JWKSMultipleMatchingKeys ||
    error instanceof errors.JOSEAlgNotAllowed ||
    error instanceof errors.JOSENotSupported ||
    error instanceof errors.JWSInvalid
  );
}

/**
 * The JWKS of an OIDC issuer, with jose's `createRemoteJWKSet` underneath: keys are cached
 * without an age limit and refreshed in the background, an unknown `kid` refetches at most
 * once per cooldown, and when the endpoint is down verification keeps using the cached keys.
 * Only before the first successful fetch does an outage make verification fail.
 */
export function remoteIssuerKeys(options: RemoteIssuerKeysOptions): IssuerKeys {
  const cooldownMs = options.cooldownMs ?? 30_000;
  const refreshMs = options.refreshMs ?? 10 * 60_000;
  const timeoutMs = options.timeoutMs ?? 5_000;
  let jwksUrl = options.jwksUri ? new URL(options.jwksUri) : undefined;
  let discovering: Promise<URL> | undefined;
  let remote: ReturnType<typeof createRemoteJWKSet> | undefined;
  let lastFailure = Number.NEGATIVE_INFINITY;
  let lastRefresh = Date.now();
  let cached: { jwks: JSONWebKeySet; getKey: JWTVerifyGetKey } | undefined;

  const coolingDown = () => Date.now() - lastFailure < cooldownMs;
  const failed = (error: unknown) => {
    lastFailure = Date.now();
    options.onFetchError?.(error);
  };

  async function discover(): Promise<URL> {
    const url = `${options.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    const response = await fetch(url, {
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
      headers: { accept: 'application/json' },
    });
    if (response.status !== 200)
      throw new KeysUnavailableError(`OIDC discovery of ${options.issuer} answered ${response.status}`);
    const document = (await response.json()) as { issuer?: unknown; jwks_uri?: unknown };
    if (document.issuer !== options.issuer) {
      throw new KeysUnavailableError(`OIDC discovery of ${options.issuer} names another issuer`);
    }
    if (typeof document.jwks_uri !== 'string' || !URL.canParse(document.jwks_uri)) {
      throw new KeysUnavailableError(`OIDC discovery of ${options.issuer} has no valid jwks_uri`);
    }
    return new URL(document.jwks_uri);
  }

  async function keySet(): Promise<ReturnType<typeof createRemoteJWKSet>> {
    if (remote) return remote;
    if (!jwksUrl) {
      if (coolingDown()) throw new KeysUnavailableError(`OIDC discovery of ${options.issuer} failed recently`);
      discovering ??= discover().finally(() => (discovering = undefined));
      try {
        jwksUrl = await discovering;
      } catch (error) {
        if (!coolingDown()) failed(error);
        throw error instanceof KeysUnavailableError
          ? error
          : new KeysUnavailableError(`OIDC discovery of ${options.issuer} failed`, { cause: error });
      }
    }
    remote ??= createRemoteJWKSet(jwksUrl, {
      cooldownDuration: cooldownMs,
      cacheMaxAge: Number.POSITIVE_INFINITY,
      timeoutDuration: timeoutMs,
    });
    return remote;
  }

  /** The last key set fetched successfully, to verify with while the endpoint is down. */
  function cachedKeys(set: ReturnType<typeof createRemoteJWKSet>): JWTVerifyGetKey | undefined {
    const jwks = set.jwks();
    if (!jwks) return undefined;
    if (cached?.jwks !== jwks) cached = { jwks, getKey: createLocalJWKSet(jwks) };
    return cached.getKey;
  }

  function refreshInBackground(set: ReturnType<typeof createRemoteJWKSet>): void {
    if (set.reloading || Date.now() - lastRefresh < refreshMs || coolingDown()) return;
    lastRefresh = Date.now();
    set.reload().catch(failed);
  }

  const getKey: JWTVerifyGetKey = async (header, token) => {
    const set = await keySet();
    const fallback = cachedKeys(set);
    if (fallback && coolingDown()) return fallback(header, token);
    refreshInBackground(set);
    try {
      return await set(header, token);
    } catch (error) {
      if (isTokenProblem(error)) throw error;
      failed(error);
      if (fallback) return fallback(header, token);
      throw new KeysUnavailableError(`the signing keys of ${options.issuer} could not be fetched`, { cause: error });
    }
  };

  return {
    getKey,
    async warmUp() {
      const set = await keySet();
      if (set.jwks()) return;
      try {
        await set.reload();
        lastRefresh = Date.now();
      } catch (error) {
        failed(error);
        throw new KeysUnavailableError(`the signing keys of ${options.issuer} could not be fetched`, { cause: error });
      }
    },
  };
}
