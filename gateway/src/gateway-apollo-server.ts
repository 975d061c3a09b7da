import { ApolloServer, type BaseContext, type ContextThunk, type HTTPGraphQLRequest, type HTTPGraphQLResponse } from '@apollo/server';

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * A persisted-document request of GraphQL over HTTP (`documentId` beside `variables`, in the
 * POST body or the GET query string) as Apollo sees requests: `documentId` moves into
 * `extensions`, where the request guard resolves it. Everything else is left as sent.
 */
export function withDocumentIdInExtensions(request: HTTPGraphQLRequest): HTTPGraphQLRequest {
  if (request.method === 'POST' && isRecord(request.body) && 'documentId' in request.body) {
    const { documentId, ...body } = request.body;
    const extensions = isRecord(body['extensions']) ? body['extensions'] : {};
    return { ...request, body: { ...body, extensions: { ...extensions, documentId } } };
  }
  if (request.method === 'GET') {
    const search = new URLSearchParams(request.search);
    const documentId = search.get('documentId');
    if (documentId === null) return request;
    search.delete('documentId');
    let extensions: unknown = {};
    try {
      extensions = JSON.parse(search.get('extensions') ?? '{}');
    } catch {
      return request; // Apollo refuses the malformed `extensions` parameter itself.
    }
    search.set('extensions', JSON.stringify({ ...(isRecord(extensions) ? extensions : {}), documentId }));
    return { ...request, search: `?${search.toString()}` };
  }
  return request;
}

/** Apollo Server that also understands `documentId` requests (see `withDocumentIdInExtensions`). */
export class GatewayApolloServer<C extends BaseContext> extends ApolloServer<C> {
  override async executeHTTPGraphQLRequest(options: { httpGraphQLRequest: HTTPGraphQLRequest; context: ContextThunk<C> }): Promise<HTTPGraphQLResponse> {
    return super.executeHTTPGraphQLRequest({ ...options, httpGraphQLRequest: withDocumentIdInExtensions(options.httpGraphQLRequest) });
  }
}
