import { createHash } from 'node:crypto';
import { print, type DocumentNode } from 'graphql';
import type { Identity } from '@salesgraph/auth';

/**
 * Everything about the caller that a subgraph can see, and so everything a result may depend
 * on: the forwarded identity's subject, tenant, roles, scopes (order-free) and client. Two callers
 * with the same principal key make subgraph requests that differ only in the signature's
 * timestamps and id.
 */
export function principalKey(identity: Identity): string {
  return JSON.stringify([
    identity.tenant,
    identity.sub,
    [...identity.roles].sort(),
    [...identity.scopes].sort(),
    identity.clientId ?? null,
  ]);
}

/** JSON with object keys sorted at every level: equal values, equal text. */
export function canonicalJson(value: unknown): string {
  return (
    JSON.stringify(value, (_key, nested: unknown) => {
      if (nested === null || typeof nested !== 'object' || Array.isArray(nested)) return nested;
      const sorted: Record<string, unknown> = {};
      for (const key of Object.keys(nested).sort()) sorted[key] = (nested as Record<string, unknown>)[key];
      return sorted;
    }) ?? 'null'
  );
}

const documentKeys = new WeakMap<DocumentNode, string>();

/**
 * The document printed by graphql's printer (whitespace, commas and comments normalized),
 * hashed; computed once per parsed document (the request guard keeps parsed documents by text).
 */
export function documentKey(document: DocumentNode): string {
  let key = documentKeys.get(document);
  if (key === undefined) {
    key = createHash('sha256').update(print(document)).digest('base64');
    documentKeys.set(document, key);
  }
  return key;
}
