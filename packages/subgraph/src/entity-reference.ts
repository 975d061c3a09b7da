import { appError } from '@salesgraph/errors';

/**
 * What `__resolveReference` of an entity this subgraph owns answers: the entity, or — when it is
 * gone or was never visible to the caller — a NOT_FOUND error. The gateway puts that error on the
 * path of the field that referenced it, and the field resolves to null (every field that
 * references another subgraph's entity is nullable), so the rest of the response stands instead
 * of a null in a non-null field erasing it.
 */
export async function referencedOrNotFound<T>(typename: string, entity: Promise<T | null> | T | null): Promise<T> {
  const found = await entity;
  if (found === null) throw appError('NOT_FOUND', `${typename} not found`);
  return found;
}
