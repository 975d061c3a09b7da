import {
  Histogram,
  countersIn,
  createMetricsRegistry,
  latencyBuckets,
  type Counter as CounterType,
  type Registry,
} from '@salesgraph/telemetry';

/** The gateway's series on /metrics (prom-client); per-operation RED comes from operationTelemetryPlugin. */
export interface GatewayMetrics {
  readonly registry: Registry;
  authRejected(reason: string): void;
  /** Starts timing one request sent to a subgraph; call the result when its answer (or failure) is in. */
  subgraphRequest(subgraph: string): () => void;
  subgraphFailure(subgraph: string): void;
  /** GraphQL errors in a subgraph's answer, by code. */
  subgraphErrors(subgraph: string, codes: readonly string[]): void;
  /** A request refused before planning (limit, persisted operation), by reason. */
  requestRefused(reason: string): void;
  /** A request refused because the client's or tenant's quota is spent, by which bucket. */
  quotaRejected(bucket: string): void;
  /** A quota bucket operation the store (Redis) did not answer (QUOTA_REDIS_FAILURE applied). */
  quotaStoreFailure(): void;
  supergraphReload(result: 'applied' | 'rejected'): void;
  /** A query that joined an identical one in flight instead of executing (src/sharing). */
  sharedOperation(): void;
  /** A subgraph request that joined an identical one in flight instead of being sent. */
  sharedSubgraphRequest(subgraph: string): void;
  /** Requests sent to a subgraph so far (all subgraphs, or one). */
  subgraphRequests(subgraph?: string): Promise<number>;
  /** Queries and subgraph requests that joined identical ones in flight so far. */
  sharedCounts(): Promise<{ readonly operations: number; readonly subgraphRequests: number }>;
}

async function total(counter: CounterType, labels: Record<string, string> = {}): Promise<number> {
  const { values } = await counter.get();
  return values
    .filter((value) => Object.entries(labels).every(([name, wanted]) => value.labels[name] === wanted))
    .reduce((sum, value) => sum + value.value, 0);
}

export function createGatewayMetrics(registry: Registry = createMetricsRegistry()): GatewayMetrics {
  const registers = [registry];
  const counter = countersIn(registry);
  const rejected = counter(
    'salesgraph_gateway_auth_rejected_total',
    'Requests refused for a missing or invalid token, by reason.',
    ['reason'],
  );
  const requests = counter('salesgraph_gateway_subgraph_requests_total', 'Requests sent to subgraphs.', ['subgraph']);
  const duration = new Histogram({
    name: 'salesgraph_gateway_subgraph_request_duration_seconds',
    help: 'Requests to subgraphs, from sending until the answer (or failure) is in.',
    labelNames: ['subgraph'],
    buckets: latencyBuckets,
    registers,
  });
  const failures = counter(
    'salesgraph_gateway_subgraph_failures_total',
    'Subgraph requests that failed (network or non-2xx).',
    ['subgraph'],
  );
  const subgraphErrors = counter(
    'salesgraph_gateway_subgraph_errors_total',
    "GraphQL errors in subgraphs' answers, by subgraph and error code.",
    ['subgraph', 'code'],
  );
  const refused = counter(
    'salesgraph_gateway_requests_refused_total',
    'Requests refused before planning (limits, persisted operations), by reason.',
    ['reason'],
  );
  const quota = counter(
    'salesgraph_gateway_quota_rejections_total',
    "Requests refused because a quota bucket (a client's, user's or tenant's) is spent, by bucket.",
    ['bucket'],
  );
  const quotaStoreFailures = counter(
    'salesgraph_gateway_quota_store_failures_total',
    'Quota bucket operations the store (Redis) did not answer; QUOTA_REDIS_FAILURE decided the request.',
  );
  const reloads = counter(
    'salesgraph_gateway_supergraph_reloads_total',
    'Changed supergraph files, applied or refused.',
    ['result'],
  );
  const sharedOperations = counter(
    'salesgraph_gateway_shared_operations_total',
    'Queries answered by joining an identical query of the same principal in flight.',
    ['operation'],
  );
  const sharedSubgraphRequests = counter(
    'salesgraph_gateway_shared_subgraph_requests_total',
    'Subgraph requests answered by joining an identical request of the same principal in flight.',
    ['subgraph'],
  );
  return {
    registry,
    authRejected: (reason) => rejected.inc({ reason }),
    subgraphRequest(subgraph) {
      requests.inc({ subgraph });
      return duration.startTimer({ subgraph });
    },
    subgraphFailure: (subgraph) => failures.inc({ subgraph }),
    subgraphErrors(subgraph, codes) {
      for (const code of codes) subgraphErrors.inc({ subgraph, code });
    },
    requestRefused: (reason) => refused.inc({ reason }),
    quotaRejected: (bucket) => quota.inc({ bucket }),
    quotaStoreFailure: () => quotaStoreFailures.inc(),
    supergraphReload: (result) => reloads.inc({ result }),
    sharedOperation: () => sharedOperations.inc({ operation: 'query' }),
    sharedSubgraphRequest: (subgraph) => sharedSubgraphRequests.inc({ subgraph }),
    subgraphRequests: (subgraph) => total(requests, subgraph === undefined ? {} : { subgraph }),
    sharedCounts: async () => ({
      operations: await total(sharedOperations),
      subgraphRequests: await total(sharedSubgraphRequests),
    }),
  };
}
