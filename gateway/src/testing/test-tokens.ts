import { createHmac, randomUUID } from 'node:crypto';
import { SignJWT, type CryptoKey, type JWTPayload } from 'jose';

/** Seconds since the epoch: the unit of `iat`, `nbf` and `exp`. */
export const nowSeconds = () => Math.floor(Date.now() / 1000);

/** One part of a compact JWS: a JSON value (a string as it is) in base64url. */
export const jwsPart = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** Plausible claims of a one-minute token of tenant `acme`, for tokens put together by hand. */
export const oneMinuteClaims = (iss: string, aud: string) => ({
  iss,
  aud,
  sub: 'x',
  tenant: 'acme',
  iat: nowSeconds(),
  exp: nowSeconds() + 60,
});

/** An unsecured token: header, claims and an empty signature. */
export const unsecuredToken = (header: object, claims: object) => `${jwsPart(header)}.${jwsPart(claims)}.`;

/** A token "signed" with HMAC-SHA256 and `secret` (a public key, in the algorithm-confusion attack). */
export function hmacSignedToken(header: object, claims: object, secret: string): string {
  const input = `${jwsPart(header)}.${jwsPart(claims)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

/** What a test's signed tokens carry unless a test says otherwise. */
export interface TokenDefaults {
  readonly iss: string;
  readonly aud: string;
  readonly sub: string;
  readonly roles: readonly string[];
  readonly lifetimeSeconds: number;
}

/**
 * An access token (`typ: at+jwt`, ES256 unless the header says otherwise) signed with `key`:
 * the defaults of tenant `acme`, issued now with a fresh `jti`, then `claims` over them; a
 * claim set to undefined is left out.
 */
export async function signTestToken(
  defaults: TokenDefaults,
  claims: JWTPayload,
  header: Record<string, unknown>,
  key: CryptoKey | Uint8Array,
): Promise<string> {
  const payload: JWTPayload = {
    iss: defaults.iss,
    aud: defaults.aud,
    sub: defaults.sub,
    tenant: 'acme',
    roles: [...defaults.roles],
    iat: nowSeconds(),
    exp: nowSeconds() + defaults.lifetimeSeconds,
    jti: randomUUID(),
    ...claims,
  };
  for (const [name, value] of Object.entries(payload)) if (value === undefined) delete payload[name];
  return new SignJWT(payload).setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', ...header }).sign(key);
}
