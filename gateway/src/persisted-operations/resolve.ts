import type { GraphQLRequest } from '@apollo/server';
import { refuse } from '../request-refusal.js';
import { isRecord } from '../json-record.js';
import { sha256Hex, type PersistedOperations } from './manifest.js';

/** `sha256:<hex>` or a bare hex id (GraphQL over HTTP persisted documents) -> the manifest id. */
function idFromDocumentId(documentId: string): string {
  return documentId.startsWith('sha256:') ? documentId.slice('sha256:'.length) : documentId;
}

/**
 * Replaces a persisted-operation reference (`extensions.persistedQuery.sha256Hash`, or
 * `documentId`, which `GatewayApolloServer` moves into `extensions`) by the manifest's
 * document; nothing is ever registered. In persisted-only mode a document sent as text is
 * accepted only if its hash is in the manifest.
 */
export function resolvePersistedOperation(
  request: GraphQLRequest,
  operations: PersistedOperations,
  persistedOnly: boolean,
): void {
  const { persistedQuery, documentId, ...otherExtensions } = request.extensions ?? {};
  if (persistedQuery === undefined && documentId === undefined) {
    if (persistedOnly && (request.query === undefined || operations.get(sha256Hex(request.query)) === undefined)) {
      throw refuse('persisted_only', 'PERSISTED_QUERY_NOT_FOUND', 'Only persisted operations are accepted', 400);
    }
    return;
  }
  let id: string;
  let status: number;
  if (documentId !== undefined) {
    if (typeof documentId !== 'string')
      throw refuse('persisted_malformed', 'BAD_REQUEST', 'documentId must be a string', 400);
    id = idFromDocumentId(documentId);
    status = 400;
  } else {
    if (
      !isRecord(persistedQuery) ||
      typeof persistedQuery['sha256Hash'] !== 'string' ||
      (persistedQuery['version'] ?? 1) !== 1
    ) {
      throw refuse(
        'persisted_malformed',
        'BAD_REQUEST',
        'extensions.persistedQuery must be { version: 1, sha256Hash }',
        400,
      );
    }
    id = persistedQuery['sha256Hash'];
    // Apollo's mobile clients read PERSISTED_QUERY_NOT_FOUND only from a 200 response.
    status = 200;
  }
  const document = operations.get(id);
  if (request.query !== undefined) {
    if (sha256Hex(request.query) !== id)
      throw refuse(
        'persisted_mismatch',
        'BAD_REQUEST',
        'The persisted operation id is not the hash of the document sent',
        400,
      );
    if (document === undefined && persistedOnly)
      throw refuse('persisted_only', 'PERSISTED_QUERY_NOT_FOUND', 'Only persisted operations are accepted', 400);
  } else {
    if (document === undefined)
      throw refuse('persisted_not_found', 'PERSISTED_QUERY_NOT_FOUND', 'PersistedQueryNotFound', status);
    request.query = document;
  }
  request.extensions = otherExtensions;
}
