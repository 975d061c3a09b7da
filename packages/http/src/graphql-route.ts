import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext, type ContextFunction } from '@apollo/server';
import { SpanKind, contextFromHeaders, inSpan } from '@salesgraph/telemetry';
import { send, type RequestHandler } from './http-server.js';
import { BodyTooLarge, readBody } from './request-body.js';

export interface GraphqlHandlerOptions<C extends BaseContext> {
  readonly apollo: ApolloServer<C>;
  readonly context: ContextFunction<[{ req: IncomingMessage }], C>;
  readonly maxBodyBytes?: number;
}

const badRequest = (res: ServerResponse, status: number, message: string) =>
  send(res, status, JSON.stringify({ errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] }));

/** GraphQL over HTTP (GET and POST) answered by an Apollo Server: the handler of a GraphQL route. */
export function graphqlHandler<C extends BaseContext>(options: GraphqlHandlerOptions<C>): RequestHandler {
  const limit = options.maxBodyBytes ?? 1024 * 1024;
  return async (req, res, url) => {
    let raw: string;
    try {
      raw = req.method === 'POST' ? await readBody(req, limit) : '';
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        // The rest of the body is never read: close the connection instead of leaving it half-read.
        res.setHeader('connection', 'close');
        return badRequest(res, 413, 'Request body too large');
      }
      throw error;
    }
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    let body: unknown = raw;
    if (raw && (headers.get('content-type') ?? '').includes('application/json')) {
      try {
        body = JSON.parse(raw);
      } catch {
        return badRequest(res, 400, 'Request body is not valid JSON');
      }
    }
    // The server span continues the caller's W3C trace context (operationTelemetryPlugin names it).
    const response = await inSpan(
      `${req.method ?? 'GET'} ${url.pathname}`,
      { kind: SpanKind.SERVER, parent: contextFromHeaders(req.headers), attributes: { 'http.route': url.pathname } },
      () =>
        options.apollo.executeHTTPGraphQLRequest({
          httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
          context: () => options.context({ req }),
        }),
    );
    for (const [name, value] of response.headers) res.setHeader(name, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };
}
