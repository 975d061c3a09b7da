import type { IncomingMessage } from 'node:http';
import { graphqlHandler, type Route } from '@salesgraph/http';
import type { Authenticate } from '../auth/authenticate.js';
import type { GatewayConfig } from '../config.js';
import type { GatewayContext } from '../context.js';
import type { Cors } from '../cors.js';
import type { GatewaySubscriptions } from '../subscriptions/index.js';
import { publicDocsRoute } from './public-docs.js';
import { PUBLIC_GRAPHQL_PATH, type PublicEndpoint } from './public-endpoint.js';
import { publicSocketOperations, publicSubscriptionService } from './public-subscriptions.js';

export interface PublicRoutesOptions {
  readonly config: Readonly<GatewayConfig>;
  readonly endpoint: PublicEndpoint;
  /** Any caller the trusted issuers vouch for (third-party clients included). */
  readonly authenticate: Authenticate;
  readonly cors: Cors;
  /** The gateway's subscription engine; none without Kafka. */
  readonly subscriptions: GatewaySubscriptions | null;
}

/** What `/public/*` serves once the contract is loaded: GraphQL over HTTP, subscriptions and the docs. */
export interface PublicRoutes {
  readonly publicGraphql: readonly Route[];
  readonly publicSubscriptions: readonly Route[];
  readonly publicDocs: readonly Route[];
}

export const noPublicRoutes: PublicRoutes = { publicGraphql: [], publicSubscriptions: [], publicDocs: [] };

/**
 * The routes of the public contract (`PUBLIC_GRAPHQL_PATH`): its own Apollo Server, guard and
 * scopes, the subscription engine seen through the contract, and the generated reference.
 */
export function publicRoutes({
  config,
  endpoint,
  authenticate,
  cors,
  subscriptions,
}: PublicRoutesOptions): PublicRoutes {
  const graphql: Route = {
    path: PUBLIC_GRAPHQL_PATH,
    handle: cors.public(
      graphqlHandler<GatewayContext>({
        apollo: endpoint.apollo,
        context: async ({ req }: { req: IncomingMessage }) => {
          const identity = await authenticate(req.headers.authorization);
          cors.checkClientOrigin(req, identity);
          return { identity };
        },
        maxBodyBytes: config.GRAPHQL_MAX_BODY_BYTES,
      }),
    ),
  };
  return {
    publicGraphql: [graphql],
    publicSubscriptions:
      subscriptions?.routes({
        path: PUBLIC_GRAPHQL_PATH,
        authenticate,
        guard: endpoint.guard,
        service: publicSubscriptionService(subscriptions.service, endpoint.schema),
        executeOperation: publicSocketOperations(endpoint.apollo, endpoint.schema),
      }) ?? [],
    publicDocs: [
      publicDocsRoute({
        schema: endpoint.schema,
        examplesDir: config.PUBLIC_DOCS_EXAMPLES_PATH,
        graphqlPath: PUBLIC_GRAPHQL_PATH,
      }),
    ],
  };
}
