/** Counters the gateway exposes on /metrics (Prometheus text format). */
export interface GatewayMetrics {
  authRejected(reason: string): void;
  subgraphRequest(subgraph: string): void;
  subgraphFailure(subgraph: string): void;
  /** A request refused before planning (limit, persisted operation), by reason. */
  requestRefused(reason: string): void;
  supergraphReload(result: 'applied' | 'rejected'): void;
  /** A quota bucket operation the store (Redis) did not answer (src/quota). */
  quotaStoreFailure(): void;
  /** A query that joined an identical one in flight instead of executing (src/sharing). */
  sharedOperation(): void;
  /** A subgraph request that joined an identical one in flight instead of being sent. */
  sharedSubgraphRequest(subgraph: string): void;
  /** Requests sent to a subgraph so far (all subgraphs, or one). */
  subgraphRequests(subgraph?: string): number;
  /** Queries and subgraph requests that joined identical ones in flight so far. */
  sharedCounts(): { readonly operations: number; readonly subgraphRequests: number };
  render(): string;
}

export function createGatewayMetrics(): GatewayMetrics {
  const rejected = new Map<string, number>();
  const requests = new Map<string, number>();
  const failures = new Map<string, number>();
  const refused = new Map<string, number>();
  const reloads = new Map<string, number>();
  const quotaStoreFailures = new Map<string, number>();
  const sharedOperations = new Map<string, number>();
  const sharedSubgraphRequests = new Map<string, number>();
  const sum = (counter: Map<string, number>) => [...counter.values()].reduce((total, count) => total + count, 0);
  const increment = (counter: Map<string, number>, label: string) => counter.set(label, (counter.get(label) ?? 0) + 1);
  const family = (name: string, help: string, label: string, counter: Map<string, number>) => [
    `# HELP ${name} ${help}`,
    `# TYPE ${name} counter`,
    ...[...counter].map(([value, count]) => `${name}{${label}="${value}"} ${count}`),
  ];
  return {
    authRejected: (reason) => increment(rejected, reason),
    subgraphRequest: (subgraph) => increment(requests, subgraph),
    subgraphFailure: (subgraph) => increment(failures, subgraph),
    requestRefused: (reason) => increment(refused, reason),
    supergraphReload: (result) => increment(reloads, result),
    quotaStoreFailure: () => increment(quotaStoreFailures, 'redis'),
    sharedOperation: () => increment(sharedOperations, 'query'),
    sharedSubgraphRequest: (subgraph) => increment(sharedSubgraphRequests, subgraph),
    subgraphRequests: (subgraph) => (subgraph === undefined ? sum(requests) : (requests.get(subgraph) ?? 0)),
    sharedCounts: () => ({ operations: sum(sharedOperations), subgraphRequests: sum(sharedSubgraphRequests) }),
    render: () =>
      `${[
        ...family(
          'salesgraph_gateway_auth_rejected_total',
          'Requests refused for a missing or invalid token, by reason.',
          'reason',
          rejected,
        ),
        ...family('salesgraph_gateway_subgraph_requests_total', 'Requests sent to subgraphs.', 'subgraph', requests),
        ...family(
          'salesgraph_gateway_subgraph_failures_total',
          'Subgraph requests that failed (network or non-2xx).',
          'subgraph',
          failures,
        ),
        ...family(
          'salesgraph_gateway_requests_refused_total',
          'Requests refused before planning (limits, persisted operations), by reason.',
          'reason',
          refused,
        ),
        ...family(
          'salesgraph_gateway_supergraph_reloads_total',
          'Changed supergraph files, applied or refused.',
          'result',
          reloads,
        ),
        ...family(
          'salesgraph_gateway_quota_store_failures_total',
          'Quota bucket operations the store did not answer (QUOTA_REDIS_FAILURE applied).',
          'store',
          quotaStoreFailures,
        ),
        ...family(
          'salesgraph_gateway_shared_operations_total',
          'Queries answered by joining an identical query of the same principal in flight.',
          'operation',
          sharedOperations,
        ),
        ...family(
          'salesgraph_gateway_shared_subgraph_requests_total',
          'Subgraph requests answered by joining an identical request of the same principal in flight.',
          'subgraph',
          sharedSubgraphRequests,
        ),
      ].join('\n')}\n`,
  };
}
