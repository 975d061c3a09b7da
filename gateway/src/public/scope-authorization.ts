import { HeaderMap, type HTTPGraphQLRequest } from '@apollo/server';
import { getOperationAST, print, type DocumentNode, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import type { AccessRequirements } from '@salesgraph/public-contract';
import type { GatewayContext } from '../context.js';
import type { Authorize } from '../gateway-apollo-server.js';
import { rewritten } from '../graphql-parameters.js';
import { filterByScopes, type RemovedField, type ScopeFilterResult } from './scope-filter.js';

export interface ScopedSchema {
  readonly apiSchema: GraphQLSchema;
  readonly requirements: AccessRequirements;
}

/** Results kept per document (parsed documents are shared by text in the request guard) and scope set. */
const SCOPE_SETS_KEPT = 32;

const describe = (scopes: readonly (readonly string[])[]) =>
  scopes.map((all) => all.join(' and ')).join(', or ') || 'a token';

/** The error of one removed field: FORBIDDEN, its path, and the scopes that would allow it. */
export function forbiddenError(field: RemovedField): GraphQLFormattedError {
  return {
    message: `Forbidden: ${field.path.join('.')} needs the scope ${describe(field.scopes)}`,
    path: [...field.path],
    extensions: { code: 'FORBIDDEN', requiredScopes: field.scopes.map((all) => [...all]) },
  };
}

/**
 * The public endpoint's scope check (Apollo Router's authorization, before planning): fields
 * the token's scopes do not allow are removed from the document, the rest is planned and
 * served, and each removed path gets a FORBIDDEN error naming the scope it needs. When nothing
 * is left, nothing is executed: 403 with those errors.
 */
export function createScopeAuthorization(
  schema: () => ScopedSchema | undefined,
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError,
): Authorize<GatewayContext> {
  const results = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Map<string, ScopeFilterResult>>>();

  function filtered(current: ScopedSchema, document: DocumentNode, scopes: readonly string[]): ScopeFilterResult {
    let byDocument = results.get(current.apiSchema);
    if (!byDocument) results.set(current.apiSchema, (byDocument = new WeakMap()));
    let byScopes = byDocument.get(document);
    if (!byScopes) byDocument.set(document, (byScopes = new Map()));
    const key = [...scopes].sort().join(' ');
    let result = byScopes.get(key);
    if (!result) {
      result = filterByScopes(document, current.apiSchema, current.requirements, scopes);
      if (byScopes.size >= SCOPE_SETS_KEPT) byScopes.clear();
      byScopes.set(key, result);
    }
    return result;
  }

  return ({ identity }, request: HTTPGraphQLRequest, operation) => {
    const current = schema();
    if (!current || !operation.document) return { execute: request, errors: [] };
    const result = filtered(current, operation.document, identity.scopes);
    if (result.removed.length === 0) return { execute: request, errors: [] };
    const errors = result.removed.map((field) => formatError(forbiddenError(field), undefined));
    const remaining = result.document && getOperationAST(result.document, operation.operationName);
    if (!result.document || !remaining) {
      return {
        respond: {
          status: 403,
          headers: new HeaderMap([['content-type', 'application/json; charset=utf-8']]),
          body: { kind: 'complete', string: JSON.stringify({ errors }) },
        },
      };
    }
    const query = print(result.document);
    return { execute: rewritten(request, { query, extensions: operation.extensions }), errors };
  };
}
