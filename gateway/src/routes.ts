import type { Route } from '@salesgraph/http';

/** The parts of the gateway that answer HTTP, each as the routes it serves. */
export interface GatewayRouteParts {
  /** CORS preflights (OPTIONS) at the GraphQL endpoints (src/cors.ts). */
  readonly corsPreflights: readonly Route[];
  /** `/healthz`, `/readyz`. */
  readonly health: readonly Route[];
  /** `/metrics` (whatever renders the metrics). */
  readonly metrics: Route;
  /** Development pages (GraphiQL for browsers at /graphql, /dashboard, /developer/*); none in production. */
  readonly developerPages: readonly Route[];
  /** graphql-ws upgrades and SSE streams at /graphql; none without subscriptions. */
  readonly subscriptions: readonly Route[];
  /** The same at /public/graphql, for the contract. */
  readonly publicSubscriptions: readonly Route[];
  /** `/public/docs`: the generated reference of the public API. */
  readonly publicDocs: readonly Route[];
  /** Plain HTTP endpoints by exact path (the embedded start's provider webhooks). */
  readonly handlers: readonly Route[];
  /** GraphQL over HTTP at /graphql (internal apps) and /public/graphql (third-party apps). */
  readonly graphql: Route;
  /** None when the supergraph has no public contract. */
  readonly publicGraphql: readonly Route[];
  /** `POST /intake/{system}/orders`: sales systems pushing orders (src/intake). */
  readonly intake: Route;
}

/**
 * The gateway's one route table (STYLE.md 13). Routes are tried in order, so the ones that
 * only take some requests at a path (a browser's page, an event stream, an upgrade) come
 * before GraphQL over HTTP at the same path. Anything else is 404.
 */
export function gatewayRoutes(parts: GatewayRouteParts): Route[] {
  return [
    ...parts.corsPreflights,
    ...parts.health,
    parts.metrics,
    ...parts.developerPages,
    ...parts.subscriptions,
    ...parts.publicSubscriptions,
    ...parts.publicDocs,
    ...parts.handlers,
    parts.graphql,
    ...parts.publicGraphql,
    parts.intake,
  ];
}
