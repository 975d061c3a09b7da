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

/** A parsed JSON value that is an object (not null, not an array). */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
