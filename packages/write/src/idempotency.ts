import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { appError, badInput } from '@salesgraph/errors';

/** How long a key holds its first result (IETF httpapi-idempotency-key-header draft: 24 h here). */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 60 * 60 * 1000;

const MAX_KEY_LENGTH = 255;

/** Whose key it is: keys of different tenants or callers never meet. */
export interface IdempotencyScope {
  readonly tenant: string;
  readonly caller: string;
  readonly key: string;
}

/** The header value as the key, or BAD_USER_INPUT for one that cannot be a key. */
export function requireIdempotencyKey(value: string): string {
  const key = value.trim();
  if (!key || key.length > MAX_KEY_LENGTH || !/^[\x21-\x7e]+$/.test(key))
    throw badInput('Idempotency-Key', `must be 1 to ${MAX_KEY_LENGTH} visible ASCII characters`);
  return key;
}

/** JSON with object keys sorted, so the same input always has the same fingerprint. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The request a key was first used for: the operation and its input, hashed. */
export const requestFingerprint = (operation: string, input: unknown): string =>
  createHash('sha256')
    .update(`${operation}\n${canonicalJson(input)}`)
    .digest('hex');

const table = (tx: EntityManager) => `"${tx.config.get('schema')}"."idempotency_key"`;

/**
 * Claims the key inside the write's transaction, or finds its first result. The insert waits
 * on a concurrent claim of the same key (the primary key) until that transaction ends: when it
 * committed, this one reads its result; when it rolled back (a problem), this one claims the key.
 * A key older than 24 h is deleted first and so is free again.
 * Returns the stored result of a replay, or undefined when this request owns the key now.
 */
export async function claimIdempotencyKey(
  tx: EntityManager,
  scope: IdempotencyScope,
  fingerprint: string,
  now: Date,
): Promise<{ readonly stored: unknown } | undefined> {
  const key = [scope.tenant, scope.caller, scope.key];
  await tx.execute(`delete from ${table(tx)} where tenant_id = ? and caller = ? and key = ? and expires_at <= ?`, [
    ...key,
    now,
  ]);
  const claimed = await tx.execute<{ key: string }[]>(
    `insert into ${table(tx)} (tenant_id, caller, key, fingerprint, created_at, expires_at)
     values (?, ?, ?, ?, ?, ?) on conflict do nothing returning key`,
    [...key, fingerprint, now, new Date(now.getTime() + IDEMPOTENCY_KEY_TTL_MS)],
  );
  if (claimed.length > 0) return undefined;
  const [first] = await tx.execute<{ fingerprint: string; result: unknown }[]>(
    `select fingerprint, result from ${table(tx)} where tenant_id = ? and caller = ? and key = ?`,
    key,
  );
  if (!first || first.fingerprint !== fingerprint) {
    throw appError(
      'IDEMPOTENCY_KEY_REUSED',
      'This Idempotency-Key was already used for a different request; use a new key for a new request',
    );
  }
  return { stored: first.result };
}

/** Stores the result of the write that claimed the key, in its transaction. */
export async function storeIdempotentResult(tx: EntityManager, scope: IdempotencyScope, result: unknown) {
  await tx.execute(`update ${table(tx)} set result = ? where tenant_id = ? and caller = ? and key = ?`, [
    JSON.stringify(result),
    scope.tenant,
    scope.caller,
    scope.key,
  ]);
}
