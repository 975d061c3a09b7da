import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Kind, parse, print, visit, type ASTNode, type FragmentDefinitionNode } from 'graphql';

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
 * Checks a manifest in the format graphql-codegen's client preset writes
 * (`persisted-documents.json`, `{ "<sha256 hex>": "<document>" }`): every id must be the
 * sha256 of its document, and every document an executable GraphQL document.
 */
export function persistedOperationsFrom(manifest: unknown, origin = 'the manifest'): PersistedOperations {
  if (manifest === null || typeof manifest !== 'object' || Array.isArray(manifest)) {
    throw new ManifestError(`${origin} must be a JSON object of "<sha256 hex>": "<document>"`);
  }
  const operations = new Map<string, string>();
  for (const [id, document] of Object.entries(manifest)) {
    if (typeof document !== 'string') throw new ManifestError(`${origin}: the document of ${id} is not a string`);
    if (!sha256Id.test(id) || sha256Hex(document) !== id)
      throw new ManifestError(`${origin}: ${id} is not the sha256 of its document`);
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

/**
 * A manifest from operation sources (`.graphql` texts; fragments may live in any of them):
 * one entry per operation, its document being the operation and the fragments it uses
 * (transitively), printed by graphql's `print`; its id the sha256 of that document.
 */
export function buildManifest(sources: readonly string[]): Record<string, string> {
  const definitions = sources.flatMap((source) => parse(source, { noLocation: true }).definitions);
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of definitions) {
    if (definition.kind !== Kind.FRAGMENT_DEFINITION) continue;
    if (fragments.has(definition.name.value))
      throw new ManifestError(`fragment ${definition.name.value} is defined twice`);
    fragments.set(definition.name.value, definition);
  }
  const entries: [string, string][] = [];
  for (const operation of definitions) {
    if (operation.kind !== Kind.OPERATION_DEFINITION) continue;
    if (!operation.name) throw new ManifestError('every persisted operation needs a name');
    const used = new Set<string>();
    const pending = [operation as ASTNode];
    while (pending.length > 0) {
      visit(pending.pop()!, {
        FragmentSpread(spread) {
          const name = spread.name.value;
          const fragment = fragments.get(name);
          if (!fragment) throw new ManifestError(`${operation.name!.value} uses the unknown fragment ${name}`);
          if (!used.has(name)) {
            used.add(name);
            pending.push(fragment);
          }
        },
      });
    }
    const document = print({
      kind: Kind.DOCUMENT,
      definitions: [operation, ...[...used].sort().map((name) => fragments.get(name)!)],
    });
    entries.push([sha256Hex(document), document]);
  }
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : 1)));
}
