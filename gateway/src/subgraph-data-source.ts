import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayCacheHint, GatewayCachePolicy, GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { IDENTITY_HEADER, type Identity } from '@salesgraph/auth';
import { appError } from '@salesgraph/errors';
import { describeError, type Logger } from '@salesgraph/logging';
import { WRITE_HEADERS } from '@salesgraph/subgraph';
import type { GatewayContext } from './context.js';
import type { GatewayMetrics } from './metrics.js';
import type { InFlight } from './sharing/in-flight.js';
import { principalKey } from './sharing/keys.js';
import { postToSubgraph, subgraphEndpoint, type SubgraphAnswer, type SubgraphEndpoint } from './subgraph-http.js';
import { fetchFromSubgraph } from './telemetry/subgraph-fetch.js';

/** One HTTP exchange with a subgraph, as identical requests share it: each caller parses its own copy. */
export type SubgraphExchange = SubgraphAnswer;

export interface SubgraphDataSourceOptions {
  readonly name: string;
  readonly url: string;
  /** The short-lived token subgraphs verify (`createIdentitySigner`). */
  readonly signIdentity: (identity: Identity) => Promise<string>;
  readonly logger: Logger;
  readonly metrics: GatewayMetrics;
  /** Identical query requests of one principal in flight (src/sharing); absent: every request is sent. */
  readonly shared?: InFlight<SubgraphExchange> | undefined;
  /** How long one exchange may wait for the subgraph (`postToSubgraph`); default 30 s. */
  readonly timeoutMs?: number;
}

/** Why an exchange holds no usable GraphQL response; `unavailable` only for outages (5xx). */
class SubgraphRefused extends Error {
  override readonly name = 'SubgraphRefused';
  constructor(
    message: string,
    readonly unavailable: boolean,
  ) {
    super(message);
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * A fetch of the query plan reads only when its one operation is a query. The planner prints
 * each fetch as one operation (`query Name__subgraph__0(...){...}`, `mutation ...`), and its
 * document node is not kept by default, so the printed keyword decides.
 */
const readsOnly = (query: string | undefined): boolean => query !== undefined && /^(query\b|\{)/.test(query);

/**
 * The client's write headers (`Idempotency-Key`, `Salesgraph-After-Event`: packages/write) that a
 * mutation fetch passes on to the subgraph running it; reads carry none.
 */
function writeHeaders(options: GraphQLDataSourceProcessOptions<GatewayContext>): Record<string, string> {
  const incoming = 'incomingRequestContext' in options ? options.incomingRequestContext.request.http : undefined;
  if (!incoming || readsOnly(options.request.query)) return {};
  const headers: Record<string, string> = {};
  for (const name of Object.values(WRITE_HEADERS)) {
    const value = incoming.headers.get(name);
    if (value) headers[name] = value;
  }
  return headers;
}

/** The subgraph's Cache-Control as a hint for the response's overall cache policy (as Apollo's data source does). */
function cacheHint(header: string | null): GatewayCacheHint {
  const directives = (header ?? '')
    .toLowerCase()
    .split(',')
    .map((directive) => directive.trim());
  const maxAge = directives.find((directive) => /^max-age=\d+$/.test(directive));
  const scope = directives.includes('public') ? 'PUBLIC' : directives.includes('private') ? 'PRIVATE' : undefined;
  return { maxAge: maxAge ? Number(maxAge.slice('max-age='.length)) : 0, ...(scope ? { scope } : {}) };
}

const errorCode = (error: { readonly extensions?: Record<string, unknown> }): string => {
  const code = error.extensions?.['code'];
  return typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR';
};

/** The body of an exchange when it is a GraphQL response (a JSON object), else undefined. */
function graphqlBody(exchange: SubgraphExchange): Record<string, unknown> | undefined {
  if (!/^application\/(graphql-response\+)?json/i.test(exchange.contentType)) return undefined;
  try {
    const body: unknown = JSON.parse(exchange.body);
    return isRecord(body) ? body : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The GraphQL response in an exchange, or why it is not one. A 4xx with GraphQL errors (the
 * subgraph refused the request: a bad variable, a failed validation) is that response, so its
 * errors reach the client masked by code; a 4xx without them is the gateway's own fault
 * (INTERNAL_SERVER_ERROR). Only 5xx and non-GraphQL 2xx/5xx bodies are outages.
 */
function graphqlResponse(exchange: SubgraphExchange): GatewayGraphQLResponse {
  const { status } = exchange;
  const body = graphqlBody(exchange);
  if (status >= 200 && status <= 299) {
    if (!body) throw new SubgraphRefused(`not a GraphQL response (${exchange.contentType})`, true);
    return body;
  }
  if (status >= 400 && status <= 499) {
    const errors = body?.['errors'];
    if (Array.isArray(errors) && errors.length > 0) return { errors, data: null };
    throw new SubgraphRefused(`HTTP ${status} without GraphQL errors`, false);
  }
  throw new SubgraphRefused(`HTTP ${status}`, true);
}

/**
 * How the gateway calls one subgraph: a POST whose only headers are the content type, the
 * caller's signed identity and, on mutations, the client's write headers, so nothing
 * identity-like the client sent can reach a subgraph.
 * Identical read-only requests of the same principal in flight share one exchange (`shared`).
 * Transport failures (refused connections, `timeoutMs` passed), 5xx answers and bodies that
 * are not GraphQL responses become SUBGRAPH_UNAVAILABLE for the affected fields (the rest of
 * the response still resolves); a 4xx with GraphQL errors passes those errors on
 * (`graphqlResponse`); subgraph URLs, statuses and bodies stay in the logs.
 *
 * Apollo's RemoteGraphQLDataSource is not used: its node-fetch Request per call (URL parsing),
 * header copies and default make-fetch-happen stack cost CPU per fetch (bench/RESULTS.md);
 * neither is global fetch (`postToSubgraph`).
 */
export class SubgraphDataSource implements GraphQLDataSource<GatewayContext> {
  /** Parsed once; a missing or malformed routing URL fails each request to it (SUBGRAPH_UNAVAILABLE). */
  private readonly endpoint: SubgraphEndpoint | undefined;

  constructor(private readonly options: SubgraphDataSourceOptions) {
    this.endpoint = subgraphEndpoint(options.url);
  }

  async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const { name, shared, metrics } = this.options;
    if (!('incomingRequestContext' in options)) throw new Error(`only client operations are sent to ${name}`);
    const { http: _http, ...graphqlRequest } = options.request;
    const body = JSON.stringify(graphqlRequest);
    const identity = options.context.identity;
    const send = () => this.send(identity, body, writeHeaders(options));
    // Only operations of HTTP requests share: the subscription engine's loads follow an event and must read after it.
    const sharing =
      shared && options.incomingRequestContext.request.http && readsOnly(options.request.query)
        ? shared.run(identity.tenant, `${name}\n${principalKey(identity)}\n${body}`, send)
        : undefined;
    if (sharing?.joined) metrics.sharedSubgraphRequest(name);
    let response: GatewayGraphQLResponse;
    let exchange: SubgraphExchange | undefined;
    try {
      exchange = await (sharing?.promise ?? send());
      response = graphqlResponse(exchange);
    } catch (error) {
      if (!sharing?.joined) {
        metrics.subgraphFailure(name);
        this.options.logger.warn(
          { subgraph: name, status: exchange?.status, error: describeError(error) },
          'subgraph request failed',
        );
      }
      if (error instanceof SubgraphRefused && !error.unavailable) throw new Error(`${name}: ${error.message}`);
      throw appError('SUBGRAPH_UNAVAILABLE', 'A part of the graph is temporarily unavailable');
    }
    if (!sharing?.joined && response.errors) metrics.subgraphErrors(name, response.errors.map(errorCode));
    const policy = options.incomingRequestContext.overallCachePolicy as GatewayCachePolicy | undefined;
    policy?.restrict(cacheHint(exchange.cacheControl));
    return response;
  }

  private async send(identity: Identity, body: string, extra: Record<string, string>): Promise<SubgraphExchange> {
    const headers = {
      ...extra,
      'content-type': 'application/json',
      [IDENTITY_HEADER]: await this.options.signIdentity(identity),
    };
    const endpoint = this.endpoint;
    if (!endpoint) throw new Error('no valid routing URL');
    return fetchFromSubgraph(this.options.name, this.options.metrics, headers, () =>
      postToSubgraph(endpoint, headers, body, this.options.timeoutMs),
    );
  }
}
