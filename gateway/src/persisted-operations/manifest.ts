import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Kind, parse } from 'graphql';

/** The operations clients may send by id: id (sha256 of the document, hex) -> document. */
export interface PersistedOperations {
  get(id: string): string | undefined;
  readonly size: number;
}

export class ManifestError extends Error {
  override readonly name = 'ManifestError';
}

export const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

const sha256Id = /^[0-9a-f]{64}$/;

export const noPersistedOperations: PersistedOperations = { get: () => undefined, size: 0 };

/**
 * Checks a manifest in the format graphql-codegen's client preset writes (`npm run codegen`,
 * codegen.yml: `persisted-documents.json`, `{ "sha256:<hex>": "<document>" }`): every id must
 * be the sha256 of its document, and every document an executable GraphQL document. Ids are
 * kept as the bare hex; clients send either form (`documentId` or
 * `extensions.persistedQuery.sha256Hash`).
 */
export function persistedOperationsFrom(manifest: unknown, origin = 'the manifest'): PersistedOperations {
  if (manifest === null || typeof manifest !== 'object' || Array.isArray(manifest)) {
    throw new ManifestError(`${origin} must be a JSON object of "<sha256 hex>": "<document>"`);
  }
  const operations = new Map<string, string>();
  for (const [key, document] of Object.entries(manifest)) {
    if (typeof document !== 'string') throw new ManifestError(`${origin}: the document of ${key} is not a string`);
    const id = key.startsWith('sha256:') ? key.slice('sha256:'.length) : key;
    if (!sha256Id.test(id) || sha256Hex(document) !== id)
      throw new ManifestError(`${origin}: ${key} is not the sha256 of its document`);
    let definitions;
    try {
      ({ definitions } = parse(document, { noLocation: true }));
    } catch (error) {
      throw new ManifestError(`${origin}: the document of ${id} is not valid GraphQL (${(error as Error).message})`);
    }
    if (!definitions.some((definition) => definition.kind === Kind.OPERATION_DEFINITION)) {
      throw new ManifestError(`${origin}: the document of ${id} has no operation`);
    }
    operations.set(id, document);
  }
  return { get: (id) => operations.get(id), size: operations.size };
}

/** Reads the manifest file; an unreadable or inconsistent manifest stops the gateway from starting. */
export async function loadPersistedOperations(path: string): Promise<PersistedOperations> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ManifestError(
      `cannot read the persisted operations manifest at ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ManifestError(`${path} is not JSON`);
  }
  return persistedOperationsFrom(json, path);
}
