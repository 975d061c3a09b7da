import { decodeJwt, decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose';
import type { Identity } from '@salesgraph/auth';
import { identityFromClaims } from './claims.js';
import { KeysUnavailableError, type IssuerKeys } from './issuer-keys.js';

/** One issuer whose access tokens the gateway accepts. */
export interface TrustedIssuer {
  /** Exactly as tokens carry it in `iss`. */
  readonly issuer: string;
  /** The token's `aud` must contain one of these. */
  readonly audience: string | readonly string[];
  /** Asymmetric algorithms only; checked before the key is looked up. */
  readonly algorithms: readonly string[];
  /** When set, the `typ` header the tokens must carry (e.g. `at+jwt`: an ID token is not an access token). */
  readonly typ?: string;
  readonly keys: IssuerKeys;
}

/** Why a token was refused; logged, never sent to the client (beyond "expired"). */
export type RejectionReason =
  | 'malformed'
  | 'forbidden_header'
  | 'algorithm_not_allowed'
  | 'untrusted_issuer'
  | 'unknown_key'
  | 'bad_signature'
  | 'expired'
  | 'not_yet_valid'
  | 'invalid_claims';

export class TokenRejectedError extends Error {
  override readonly name = 'TokenRejectedError';
  constructor(
    readonly reason: RejectionReason,
    readonly detail?: string,
  ) {
    super(detail ? `${reason}: ${detail}` : reason);
  }
}

export interface TokenVerifier {
  /** The caller's identity, or throws `TokenRejectedError` / `KeysUnavailableError`. */
  verify(token: string): Promise<Identity>;
  /** Fetches every issuer's keys ahead of the first request; settles with the failures. */
  warmUp(): Promise<readonly { issuer: string; error: unknown }[]>;
}

export const CLOCK_TOLERANCE_SECONDS = 5;

export interface TokenVerifierOptions {
  /** How long a verified token is remembered (never past its `exp`); 0: verified on every request. */
  readonly rememberSeconds?: number;
  /** Tokens remembered at most (the oldest is forgotten first). */
  readonly rememberMax?: number;
  /** The clock, in milliseconds (tests). */
  readonly now?: () => number;
}

interface Remembered {
  readonly identity: Promise<Identity>;
  until: number;
}

/** Header parameters that point at or embed a key; trusted keys come only from configuration. */
const keyCarryingHeaders = ['jwk', 'jku', 'x5u', 'x5c'];

const compactJws = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

function rejectionFrom(error: unknown): TokenRejectedError | KeysUnavailableError {
  if (error instanceof TokenRejectedError || error instanceof KeysUnavailableError) return error;
  if (error instanceof errors.JWTExpired) return new TokenRejectedError('expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    const reason = error.claim === 'nbf' ? 'not_yet_valid' : 'invalid_claims';
    return new TokenRejectedError(reason, error.claim);
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return new TokenRejectedError('bad_signature');
  if (error instanceof errors.JOSEAlgNotAllowed) return new TokenRejectedError('algorithm_not_allowed');
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return new TokenRejectedError('unknown_key');
  }
  if (error instanceof errors.JOSEError) return new TokenRejectedError('malformed', error.code);
  throw error;
}

/**
 * Verifies access tokens of the configured issuers: the issuer is looked up from the
 * (unverified) `iss`, then the token is verified with that issuer's keys, audience,
 * algorithms and `typ` (when pinned); `exp`, `iat`, `sub` and `tenant` are required, clocks may differ by 5 s.
 *
 * A client sends the same token with every request until it expires, and the signature check
 * (ES256/RS256 through WebCrypto) was the largest share of the gateway's CPU per request once
 * reads were shared. So a token that verified is remembered, by its exact text, for
 * `rememberSeconds` (60 s) and never past its `exp`; concurrent requests with one token share
 * one verification. Refused tokens are never remembered. The one thing this changes: a
 * token signed with a key the issuer has just withdrawn from its JWKS is accepted for up to
 * `rememberSeconds` more — within the 10 minutes the JWKS itself is cached.
 */
export function createTokenVerifier(
  issuers: readonly TrustedIssuer[],
  { rememberSeconds = 60, rememberMax = 10_000, now = Date.now }: TokenVerifierOptions = {},
): TokenVerifier {
  const byIssuer = new Map(issuers.map((issuer) => [issuer.issuer, issuer]));
  const remembered = new Map<string, Remembered>();

  function verify(token: string): Promise<Identity> {
    if (rememberSeconds <= 0) return verifyNow(token).then(({ identity }) => identity);
    const at = now();
    const known = remembered.get(token);
    if (known && known.until > at) return known.identity;
    const verification = verifyNow(token);
    const entry: Remembered = {
      identity: verification.then(({ identity }) => identity),
      until: at + rememberSeconds * 1000,
    };
    remembered.delete(token); // re-inserted last: Map order is the eviction order
    remembered.set(token, entry);
    if (remembered.size > rememberMax) remembered.delete(remembered.keys().next().value!);
    verification.then(
      ({ expiresAt }) => (entry.until = Math.min(entry.until, expiresAt)),
      () => {
        if (remembered.get(token) === entry) remembered.delete(token);
      },
    );
    return entry.identity;
  }

  async function verifyNow(token: string): Promise<{ identity: Identity; expiresAt: number }> {
    if (!compactJws.test(token)) throw new TokenRejectedError('malformed');
    let unverified: JWTPayload;
    let header: ReturnType<typeof decodeProtectedHeader>;
    try {
      header = decodeProtectedHeader(token);
      unverified = decodeJwt(token);
    } catch {
      throw new TokenRejectedError('malformed');
    }
    const carried = keyCarryingHeaders.find((name) => name in header);
    if (carried) throw new TokenRejectedError('forbidden_header', carried);
    const trusted = typeof unverified.iss === 'string' ? byIssuer.get(unverified.iss) : undefined;
    if (!trusted) throw new TokenRejectedError('untrusted_issuer');
    if (typeof header.alg !== 'string' || !trusted.algorithms.includes(header.alg)) {
      throw new TokenRejectedError('algorithm_not_allowed', String(header.alg));
    }

    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, trusted.keys.getKey, {
        issuer: trusted.issuer,
        audience: [...(typeof trusted.audience === 'string' ? [trusted.audience] : trusted.audience)],
        algorithms: [...trusted.algorithms],
        ...(trusted.typ ? { typ: trusted.typ } : {}),
        requiredClaims: ['exp', 'iat', 'sub'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      }));
    } catch (error) {
      throw rejectionFrom(error);
    }
    // jose checks `iat` is a number; a token issued in the future is refused here.
    if ((payload.iat ?? 0) > Date.now() / 1000 + CLOCK_TOLERANCE_SECONDS)
      throw new TokenRejectedError('invalid_claims', 'iat');
    const identity = identityFromClaims(payload);
    if ('invalidClaim' in identity) throw new TokenRejectedError('invalid_claims', identity.invalidClaim);
    return { identity, expiresAt: (payload.exp ?? 0) * 1000 };
  }

  return {
    verify,
    async warmUp() {
      const results = await Promise.allSettled(issuers.map((issuer) => issuer.keys.warmUp()));
      return results.flatMap((result, index) =>
        result.status === 'rejected' ? [{ issuer: issuers[index]!.issuer, error: result.reason as unknown }] : [],
      );
    },
  };
}
