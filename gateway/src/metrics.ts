/** Counters the gateway exposes on /metrics (Prometheus text format). */
export interface GatewayMetrics {
  authRejected(reason: string): void;
  subgraphRequest(subgraph: string): void;
  subgraphFailure(subgraph: string): void;
  render(): string;
}

export function createGatewayMetrics(): GatewayMetrics {
  const rejected = new Map<string, number>();
  const requests = new Map<string, number>();
  const failures = new Map<string, number>();
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
    render: () =>
      `${[
        ...family('salesgraph_gateway_auth_rejected_total', 'Requests refused for a missing or invalid token, by reason.', 'reason', rejected),
        ...family('salesgraph_gateway_subgraph_requests_total', 'Requests sent to subgraphs.', 'subgraph', requests),
        ...family('salesgraph_gateway_subgraph_failures_total', 'Subgraph requests that failed (network or non-2xx).', 'subgraph', failures),
      ].join('\n')}\n`,
  };
}
