import { createServer, type IncomingMessage, type Server } from 'node:http';
import { execute, parse, validate, type DocumentNode, type GraphQLSchema } from 'graphql';

/** Answers over this many distinct request bodies are not memoized (bounds memory). */
const MEMO_LIMIT = 10_000;

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

interface Route {
  readonly schema: GraphQLSchema;
  readonly documents: Map<string, DocumentNode | readonly string[]>;
  readonly answers: Map<string, string>;
  requests: number;
}

/**
 * Several GraphQL subgraphs on one plain node:http server, one path each (`/accounts`, ...).
 * Static data makes every answer a pure function of the request body, so answers without
 * errors are memoized by body: the subgraphs cost next to nothing and the gateway in front of
 * them is what is measured (the benchmark's own subgraphs are Rust for the same reason).
 * `GET /counts` returns the requests served per path, for subgraph requests per operation.
 */
export function serveSubgraphs(
  schemas: ReadonlyMap<string, GraphQLSchema>,
  options: { readonly memoize?: boolean } = {},
): Server {
  const memoize = options.memoize ?? true;
  const routes = new Map<string, Route>(
    [...schemas].map(([path, schema]) => [path, { schema, documents: new Map(), answers: new Map(), requests: 0 }]),
  );
  return createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    if (request.method === 'GET' && path === '/healthz') return void response.end('ok');
    if (request.method === 'GET' && path === '/counts') {
      response.setHeader('content-type', 'application/json');
      return void response.end(
        JSON.stringify(Object.fromEntries([...routes].map(([name, route]) => [name, route.requests]))),
      );
    }
    const route = routes.get(path);
    if (!route || request.method !== 'POST') {
      response.statusCode = 404;
      return void response.end();
    }
    route.requests += 1;
    void readBody(request).then(async (body) => {
      let answer = route.answers.get(body);
      if (answer === undefined) {
        answer = await answerOf(route, body);
        if (memoize && route.answers.size < MEMO_LIMIT && !answer.includes('"errors"')) route.answers.set(body, answer);
      }
      response.setHeader('content-type', 'application/json; charset=utf-8');
      response.end(answer);
    });
  });
}

async function answerOf(route: Route, body: string): Promise<string> {
  let parsed: { query?: string; variables?: Record<string, unknown>; operationName?: string };
  try {
    parsed = JSON.parse(body) as typeof parsed;
  } catch {
    return JSON.stringify({ errors: [{ message: 'body is not JSON' }] });
  }
  const query = parsed.query ?? '';
  let document = route.documents.get(query);
  if (document === undefined) {
    try {
      const candidate = parse(query);
      const errors = validate(route.schema, candidate);
      document = errors.length > 0 ? errors.map((error) => error.message) : candidate;
    } catch (error) {
      document = [(error as Error).message];
    }
    route.documents.set(query, document);
  }
  if (Array.isArray(document)) return JSON.stringify({ errors: document.map((message) => ({ message })) });
  const result = await execute({
    schema: route.schema,
    document: document as DocumentNode,
    variableValues: parsed.variables ?? {},
    operationName: parsed.operationName ?? null,
  });
  return JSON.stringify(result);
}
