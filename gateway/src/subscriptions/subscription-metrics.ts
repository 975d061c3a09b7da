/** The subscription engine's series on /metrics (Prometheus text). */
export interface SubscriptionMetrics {
  eventConsumed(topic: string): void;
  eventRejected(topic: string): void;
  /** A message the bus handed over again (after a consumer group rebalance), skipped. */
  eventRedelivered(topic: string): void;
  /** One federated query loading an entity for subscribers (shared by equal selections and scopes). */
  entityFetch(field: string): void;
  delivered(field: string, count: number): void;
  /** A connection or stream closed by the gateway, by reason (slow_consumer, token_expired, shutdown...). */
  closedByServer(reason: string): void;
  connectionOpened(transport: string): void;
  connectionClosed(transport: string): void;
  subscriptionStarted(field: string): void;
  subscriptionEnded(field: string): void;
  render(): string;
}

export function createSubscriptionMetrics(): SubscriptionMetrics {
  const counters = new Map<string, Map<string, number>>();
  const gauges = new Map<string, Map<string, number>>();
  const add = (store: Map<string, Map<string, number>>, name: string, label: string, delta: number) => {
    const series = store.get(name) ?? new Map<string, number>();
    store.set(name, series);
    series.set(label, (series.get(label) ?? 0) + delta);
  };
  const help: Record<string, [string, string, string]> = {
    salesgraph_gateway_subscription_events_total: ['counter', 'topic', 'Events consumed from subscription topics.'],
    salesgraph_gateway_subscription_events_rejected_total: ['counter', 'topic', 'Messages on subscription topics that are not valid events (skipped).'],
    salesgraph_gateway_subscription_events_redelivered_total: ['counter', 'topic', 'Messages the bus delivered again (after a consumer group rebalance), skipped so no subscriber gets an event twice.'],
    salesgraph_gateway_subscription_entity_fetches_total: ['counter', 'field', 'Entity loads through the federated query path (one per event and distinct selection and access scope, plus retries of failed ones).'],
    salesgraph_gateway_subscription_messages_total: ['counter', 'field', 'Messages delivered to subscribers.'],
    salesgraph_gateway_subscription_starts_total: ['counter', 'field', 'Subscriptions started (after validation and planning).'],
    salesgraph_gateway_subscription_server_closes_total: ['counter', 'reason', 'Connections and streams closed by the gateway, by reason.'],
    salesgraph_gateway_subscription_connections: ['gauge', 'transport', 'Open subscription connections.'],
    salesgraph_gateway_subscriptions: ['gauge', 'field', 'Active subscriptions.'],
  };
  return {
    eventConsumed: (topic) => add(counters, 'salesgraph_gateway_subscription_events_total', topic, 1),
    eventRejected: (topic) => add(counters, 'salesgraph_gateway_subscription_events_rejected_total', topic, 1),
    eventRedelivered: (topic) => add(counters, 'salesgraph_gateway_subscription_events_redelivered_total', topic, 1),
    entityFetch: (field) => add(counters, 'salesgraph_gateway_subscription_entity_fetches_total', field, 1),
    delivered: (field, count) => add(counters, 'salesgraph_gateway_subscription_messages_total', field, count),
    closedByServer: (reason) => add(counters, 'salesgraph_gateway_subscription_server_closes_total', reason, 1),
    connectionOpened: (transport) => add(gauges, 'salesgraph_gateway_subscription_connections', transport, 1),
    connectionClosed: (transport) => add(gauges, 'salesgraph_gateway_subscription_connections', transport, -1),
    subscriptionStarted: (field) => {
      add(gauges, 'salesgraph_gateway_subscriptions', field, 1);
      add(counters, 'salesgraph_gateway_subscription_starts_total', field, 1);
    },
    subscriptionEnded: (field) => add(gauges, 'salesgraph_gateway_subscriptions', field, -1),
    render() {
      const lines: string[] = [];
      for (const [name, [type, label, text]] of Object.entries(help)) {
        lines.push(`# HELP ${name} ${text}`, `# TYPE ${name} ${type}`);
        for (const [value, count] of (type === 'counter' ? counters : gauges).get(name) ?? []) lines.push(`${name}{${label}="${value}"} ${count}`);
      }
      return `${lines.join('\n')}\n`;
    },
  };
}
