import { HeaderMap, type HTTPGraphQLRequest, type HTTPGraphQLResponse } from '@apollo/server';
import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import { getOperationAST, type DocumentNode } from 'graphql';
import type { Identity } from '@salesgraph/auth';
import type { GatewayContext } from '../context.js';
import type { GatewayMetrics } from '../metrics.js';
import type { GuardedOperation } from '../request-guard.js';
import type { SubgraphExchange } from '../subgraph-data-source.js';
import { InFlight } from './in-flight.js';
import { canonicalJson, documentKey, principalKey } from './keys.js';

export interface ReadSharingOptions {
  /** Identical concurrent queries of one principal share one execution and response (GATEWAY_SHARE_OPERATIONS). */
  readonly operations: boolean;
  /** Identical concurrent subgraph requests of one principal share one exchange (GATEWAY_SHARE_SUBGRAPH_REQUESTS). */
  readonly subgraphRequests: boolean;
  readonly metrics: GatewayMetrics;
}

/**
 * The request headers Apollo Server and Apollo Gateway read while answering a request
 * (content negotiation, CSRF prevention, query-plan exposure outside production mode).
 */
const headersApolloReads = [
  'accept',
  'content-type',
  'apollo-require-preflight',
  'x-apollo-operation-name',
  'apollo-query-plan-experimental',
  'apollo-query-plan-experimental-format',
];

/**
 * In-flight deduplication of reads (README: Shared reads).
 *
 * - A query over HTTP that arrives while an identical one of the same principal is being
 *   answered gets that response (status, headers, body — or its error) instead of being
 *   executed and serialized again. Identical: same principal (`principalKey`), schema, normalized
 *   document, operation name, variables, extensions and the request headers Apollo reads.
 * - Identical subgraph requests of one principal in flight share one exchange
 *   (`subgraphRequests`, used by SubgraphDataSource).
 * - Mutations and subscriptions never share. A finished mutation seals its tenant: reads
 *   already running might predate it, so later requests start afresh (read-your-writes
 *   through this gateway). A schema change does the same for everyone.
 */
export function createReadSharing(options: ReadSharingOptions) {
  const responses = options.operations ? new InFlight<HTTPGraphQLResponse>() : undefined;
  const subgraphRequests = options.subgraphRequests ? new InFlight<SubgraphExchange>() : undefined;
  let schemaGeneration = 0;

  function writeFinished(tenant: string): void {
    responses?.seal(tenant);
    subgraphRequests?.seal(tenant);
  }

  function responseKey(
    identity: Identity,
    request: HTTPGraphQLRequest,
    operation: GuardedOperation,
    document: DocumentNode,
  ): string {
    return JSON.stringify([
      schemaGeneration,
      principalKey(identity),
      request.method,
      documentKey(document),
      operation.operationName ?? null,
      canonicalJson(operation.variables ?? {}),
      canonicalJson(operation.extensions ?? {}),
      ...headersApolloReads.map((name) => request.headers.get(name) ?? null),
    ]);
  }

  /** Executors of every transport (HTTP, graphql-ws) see each mutation finish. */
  function sealingExecutor(execute: GatewayExecutor): GatewayExecutor {
    return async (requestContext) => {
      if (requestContext.operation?.operation !== 'mutation') return execute(requestContext);
      try {
        return await execute(requestContext);
      } finally {
        const { identity } = requestContext.context as Partial<GatewayContext>;
        if (identity) writeFinished(identity.tenant);
      }
    };
  }

  return {
    /** For SubgraphDataSource; undefined when subgraph requests are not shared. */
    subgraphRequests,

    /** `gateway` whose executor seals a tenant's shared reads after each of its mutations. */
    gateway(gateway: GatewayInterface): GatewayInterface {
      return {
        onSchemaLoadOrUpdate: (callback) => gateway.onSchemaLoadOrUpdate(callback),
        stop: () => gateway.stop(),
        async load(loadOptions) {
          const loaded = await gateway.load(loadOptions);
          return loaded.executor ? { ...loaded, executor: sealingExecutor(loaded.executor) } : loaded;
        },
      };
    },

    /** A new schema is in use: nothing running on the previous one is joined any more. */
    schemaChanged(): void {
      schemaGeneration++;
    },

    /** GatewayApolloServer's `share`: the response of a guarded HTTP request, shared when it is a query. */
    async respond(
      { identity }: GatewayContext,
      request: HTTPGraphQLRequest,
      operation: GuardedOperation,
      execute: () => Promise<HTTPGraphQLResponse>,
    ): Promise<HTTPGraphQLResponse> {
      const { document } = operation;
      if (!responses || !document || getOperationAST(document, operation.operationName)?.operation !== 'query')
        return execute();
      const { promise, joined } = responses.run(
        identity.tenant,
        responseKey(identity, request, operation, document),
        execute,
      );
      if (joined) options.metrics.sharedOperation();
      const response = await promise;
      // Apollo Gateway never answers incrementally; a stream could not be read twice.
      if (response.body.kind !== 'complete') throw new Error('an incremental response cannot be shared');
      return { ...response, headers: new HeaderMap(response.headers) };
    },
  };
}

export type ReadSharing = ReturnType<typeof createReadSharing>;
