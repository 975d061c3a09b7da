import type { GraphQLRequest, HTTPGraphQLRequest } from '@apollo/server';
import { isRecord } from './json-record.js';

const isRecordValue = (value: unknown): value is Record<string, unknown> => isRecord(value);

/** The GraphQL parameters of an HTTP request, or undefined when Apollo should judge it alone. */
export function graphqlParameters(request: HTTPGraphQLRequest): GraphQLRequest | undefined {
  if (request.method === 'POST') {
    if (!isRecordValue(request.body)) return undefined; // batches, wrong content types: Apollo refuses them
    const { query, variables, extensions, operationName } = request.body;
    if (
      (query !== undefined && typeof query !== 'string') ||
      (variables != null && !isRecordValue(variables)) ||
      (extensions != null && !isRecordValue(extensions))
    ) {
      return undefined;
    }
    return {
      query,
      variables: variables ?? undefined,
      extensions: extensions ?? undefined,
      operationName: typeof operationName === 'string' ? operationName : undefined,
    };
  }
  if (request.method === 'GET') {
    const search = new URLSearchParams(request.search);
    try {
      const variables = JSON.parse(search.get('variables') ?? 'null') as unknown;
      const extensions = JSON.parse(search.get('extensions') ?? 'null') as unknown;
      if ((variables !== null && !isRecordValue(variables)) || (extensions !== null && !isRecordValue(extensions)))
        return undefined;
      return {
        query: search.get('query') ?? undefined,
        variables: variables ?? undefined,
        extensions: extensions ?? undefined,
        operationName: search.get('operationName') ?? undefined,
      };
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** The request with the (persisted-operation resolved) document and extensions written back. */
export function rewritten(request: HTTPGraphQLRequest, parameters: GraphQLRequest): HTTPGraphQLRequest {
  const hasExtensions = parameters.extensions !== undefined && Object.keys(parameters.extensions).length > 0;
  if (request.method === 'POST' && isRecordValue(request.body)) {
    const { query: _query, extensions: _extensions, ...body } = request.body;
    return {
      ...request,
      body: {
        ...body,
        ...(parameters.query !== undefined ? { query: parameters.query } : {}),
        ...(hasExtensions ? { extensions: parameters.extensions } : {}),
      },
    };
  }
  const search = new URLSearchParams(request.search);
  if (parameters.query !== undefined) search.set('query', parameters.query);
  if (hasExtensions) search.set('extensions', JSON.stringify(parameters.extensions));
  else search.delete('extensions');
  return { ...request, search: `?${search.toString()}` };
}
