import { createHash } from 'node:crypto';
import { badInput } from '@salesgraph/errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a well-formed uuid (any version, either case). */
export const isUuid = (value: string): boolean => UUID.test(value);

/** Ids are uuids; anything else is refused as BAD_USER_INPUT naming the field, before it reaches SQL. */
export function requireUuid(field: string, value: string): string {
  if (!isUuid(value)) throw badInput(field, 'must be an id (uuid)');
  return value.toLowerCase();
}

/** The distinct well-formed ids of a batch (a malformed one simply matches nothing). */
export const distinctUuids = (ids: readonly string[]): string[] => [...new Set(ids.filter(isUuid))];

/**
 * RFC 9562 version-5 (SHA-1, name-based) uuid of `name` in `namespace`: the same name always
 * gives the same id (ids derived from what they stand for, stable across replays and rebuilds).
 */
export function uuidV5(name: string, namespace: string): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replaceAll('-', ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
