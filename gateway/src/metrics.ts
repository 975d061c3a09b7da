/** Counters the gateway exposes on /metrics (Prometheus text format). */
export interface GatewayMetrics {
  authRejected(reason: string): void;
  subgraphRequest(subgraph: string): void;
  subgraphFailure(subgraph: string): void;
  /** A request refused before planning (limit, persisted operation), by reason. */
  requestRefused(reason: string): void;
  supergraphReload(result: 'applied' | 'rejected'): void;
  /** Requests sent to a subgraph so far (all subgraphs, or one). */
  subgraphRequests(subgraph?: string): number;
  render(): string;
}

export function createGatewayMetrics(): GatewayMetrics {
  const rejected = new Map<string, number>();
  const requests = new Map<string, number>();
  const failures = new Map<string, number>();
  const refused = new Map<string, number>();
  const reloads = new Map<string, number>();
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
    subgraphRequests: (subgraph) =>
      subgraph === undefined ? [...requests.values()].reduce((sum, count) => sum + count, 0) : (requests.get(subgraph) ?? 0),
    render: () =>
      `${[
        ...family('salesgraph_gateway_auth_rejected_total', 'Requests refused for a missing or invalid token, by reason.', 'reason', rejected),
        ...family('salesgraph_gateway_subgraph_requests_total', 'Requests sent to subgraphs.', 'subgraph', requests),
        ...family('salesgraph_gateway_subgraph_failures_total', 'Subgraph requests that failed (network or non-2xx).', 'subgraph', failures),
        ...family('salesgraph_gateway_requests_refused_total', 'Requests refused before planning (limits, persisted operations), by reason.', 'reason', refused),
        ...family('salesgraph_gateway_supergraph_reloads_total', 'Changed supergraph files, applied or refused.', 'result', reloads),
      ].join('\n')}\n`,
  };
}
