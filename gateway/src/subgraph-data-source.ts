import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { IDENTITY_HEADER, type Identity } from '@salesgraph/auth';
import { appError } from '@salesgraph/errors';
import { describeError, type Logger } from '@salesgraph/logging';
import type { GatewayContext } from './context.js';
import type { GatewayMetrics } from './metrics.js';

export interface SubgraphDataSourceOptions {
  readonly name: string;
  readonly url: string;
  /** The short-lived token subgraphs verify (`signForwardedIdentity`). */
  readonly signIdentity: (identity: Identity) => Promise<string>;
  readonly logger: Logger;
  readonly metrics: GatewayMetrics;
}

/** Headers that could carry an identity; only the gateway's own signed header reaches a subgraph. */
const identityBearing = (name: string) => /^(x-salesgraph-|authorization$|proxy-authorization$|cookie$)/i.test(name);

/**
 * How the gateway calls one subgraph: every request carries the caller's identity, signed
 * for that request, and nothing identity-like from anywhere else. Transport failures and
 * non-2xx answers become SUBGRAPH_UNAVAILABLE for the affected fields (the rest of the
 * response still resolves); subgraph URLs, statuses and bodies stay in the logs.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly subgraph: string;
  private readonly signIdentity: SubgraphDataSourceOptions['signIdentity'];
  private readonly logger: Logger;
  private readonly metrics: GatewayMetrics;

  constructor(options: SubgraphDataSourceOptions) {
    // Node's own fetch (undici) instead of Apollo's default make-fetch-happen stack, whose
    // agent-base builds an Error per request to inspect the stack (bench/RESULTS.md: profile).
    super({ url: options.url, fetcher: globalThis.fetch as unknown as RemoteGraphQLDataSource['fetcher'] });
    this.subgraph = options.name;
    this.signIdentity = options.signIdentity;
    this.logger = options.logger;
    this.metrics = options.metrics;
  }

  override async willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    const headers = options.request.http?.headers;
    if (!headers) throw new Error(`request to ${this.subgraph} has no HTTP headers`);
    for (const name of Array.from(headers, ([header]) => header)) {
      if (identityBearing(name)) headers.delete(name);
    }
    if (!('incomingRequestContext' in options)) throw new Error(`only client operations are sent to ${this.subgraph}`);
    headers.set(IDENTITY_HEADER, await this.signIdentity(options.context.identity));
    this.metrics.subgraphRequest(this.subgraph);
  }

  override didEncounterError(error: Error, _request: unknown, response?: { readonly status: number }): void {
    this.metrics.subgraphFailure(this.subgraph);
    this.logger.warn({ subgraph: this.subgraph, status: response?.status, error: describeError(error) }, 'subgraph request failed');
    throw appError('SUBGRAPH_UNAVAILABLE', 'A part of the graph is temporarily unavailable');
  }
}
