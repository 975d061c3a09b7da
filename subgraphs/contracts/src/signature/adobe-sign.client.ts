import { RetryableError, retryAfterMs, withRetry, type RetryPolicy } from '@salesgraph/retry';

/** Where and as whom the Acrobat Sign REST API v6 is called. */
export interface AdobeSignSettings {
  /** The account's API access point, e.g. https://api.na1.adobesign.com (no path). */
  readonly apiUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** The OAuth refresh token of the sending user (granted once through the authorization-code flow). */
  readonly refreshToken: string;
  readonly retry: RetryPolicy;
  readonly timeoutMs: number;
}

/** Acrobat Sign answered with an error that trying again will not fix (400, 403, 404...). */
export class AdobeSignError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(`Adobe Sign ${status} ${code}: ${message}`);
    this.name = 'AdobeSignError';
  }
}

type Body = { readonly json: unknown } | { readonly form: FormData } | undefined;

interface AccessToken {
  readonly value: string;
  readonly expiresAt: number;
}

/** Refreshed this long before Adobe says the access token expires. */
const EXPIRY_MARGIN_MS = 60_000;

/**
 * The HTTP side of Acrobat Sign: an access token obtained from the refresh token
 * (POST /oauth/v2/refresh), cached until shortly before `expires_in` and refreshed once
 * however many calls are waiting; REST v6 calls under /api/rest/v6 with that token. A 401
 * (INVALID_ACCESS_TOKEN: expired or revoked early) drops the token and tries again with a
 * new one; 429 (honouring Retry-After or the body's retryAfter), 5xx and network failures
 * are tried again with exponential backoff; other errors are AdobeSignError at once.
 */
export class AdobeSignClient {
  private token: AccessToken | null = null;
  private refreshing: Promise<AccessToken> | null = null;

  constructor(
    private readonly settings: AdobeSignSettings,
    private readonly onRetry?: (reason: string, attempt: number, delayMs: number) => void,
  ) {}

  /** Calls `path` (relative to /api/rest/v6) and returns the parsed JSON body (undefined for 204). */
  call<T>(method: string, path: string, body?: Body): Promise<T> {
    return withRetry(() => this.once<T>(method, path, body), {
      policy: this.settings.retry,
      onRetry: (error, attempt, delay) => this.onRetry?.(error.message, attempt, delay),
    });
  }

  private async once<T>(method: string, path: string, body: Body): Promise<T> {
    const token = await this.accessToken();
    const headers: Record<string, string> = { authorization: `Bearer ${token.value}`, accept: 'application/json' };
    let payload: string | FormData | undefined;
    if (body && 'json' in body) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body.json);
    } else if (body) payload = body.form;
    const response = await this.fetch(`${this.settings.apiUrl}/api/rest/v6${path}`, { method, headers, body: payload });
    if (response.status === 401) {
      if (this.token === token) this.token = null;
      throw new RetryableError(`Adobe Sign refused the access token (${await errorCode(response)})`, 0);
    }
    await throwUnlessOk(response);
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }

  private accessToken(): Promise<AccessToken> {
    if (this.token && this.token.expiresAt - EXPIRY_MARGIN_MS > Date.now()) return Promise.resolve(this.token);
    this.refreshing ??= this.refresh().finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  private async refresh(): Promise<AccessToken> {
    const form = new URLSearchParams({
      grant_type: 'refresh_token',
      client_id: this.settings.clientId,
      client_secret: this.settings.clientSecret,
      refresh_token: this.settings.refreshToken,
    });
    const response = await this.fetch(`${this.settings.apiUrl}/oauth/v2/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form.toString(),
    });
    await throwUnlessOk(response);
    const granted = (await response.json()) as { access_token?: unknown; expires_in?: unknown };
    if (typeof granted.access_token !== 'string' || typeof granted.expires_in !== 'number')
      throw new AdobeSignError(response.status, 'BAD_TOKEN_RESPONSE', 'the refresh answer has no access_token');
    this.token = { value: granted.access_token, expiresAt: Date.now() + granted.expires_in * 1000 };
    return this.token;
  }

  private async fetch(url: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(url, { ...init, signal: AbortSignal.timeout(this.settings.timeoutMs) });
    } catch (error) {
      // Refused, reset or timed out: the service may be back on the next try.
      throw new RetryableError(`Adobe Sign unreachable: ${(error as Error).name}`);
    }
  }
}

async function errorCode(response: Response): Promise<string> {
  const body = (await response.json().catch(() => ({}))) as { code?: unknown; error?: unknown };
  return String(body.code ?? body.error ?? 'UNKNOWN');
}

async function throwUnlessOk(response: Response): Promise<void> {
  if (response.ok) return;
  const body = (await response.json().catch(() => ({}))) as {
    code?: unknown;
    error?: unknown;
    message?: unknown;
    error_description?: unknown;
    retryAfter?: unknown;
  };
  const code = String(body.code ?? body.error ?? 'UNKNOWN');
  const message = String(body.message ?? body.error_description ?? response.statusText);
  if (response.status === 429) {
    const wait =
      retryAfterMs(response.headers.get('retry-after')) ??
      (typeof body.retryAfter === 'number' ? body.retryAfter * 1000 : undefined);
    throw new RetryableError(`Adobe Sign throttled the call (${code})`, wait);
  }
  if (response.status >= 500) throw new RetryableError(`Adobe Sign answered ${response.status} (${code})`);
  throw new AdobeSignError(response.status, code, message);
}
