/** The subscription engine's series on /metrics (Prometheus text). */
export interface SubscriptionMetrics {
  eventConsumed(topic: string): void;
  eventRejected(topic: string): void;
  /** A message the bus handed over again (after a consumer group rebalance), skipped. */
  eventRedelivered(topic: string): void;
  /** One federated query loading an entity for subscribers (shared by equal selections and scopes). */
  entityFetch(field: string): void;
  delivered(field: string, count: number): void;
  /** Seconds from an event's occurredAt until its message was written to the subscribers of one group. */
  eventDelivered(field: string, seconds: number): void;
  /** A connection or stream closed by the gateway, by reason (slow_consumer, token_expired, shutdown...). */
  closedByServer(reason: string): void;
  connectionOpened(transport: string): void;
  connectionClosed(transport: string): void;
  subscriptionStarted(field: string): void;
  subscriptionEnded(field: string): void;
  render(): string;
}

const deliveryBuckets = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const deliveryHistogram = 'salesgraph_gateway_subscription_event_delivery_seconds';

export function createSubscriptionMetrics(): SubscriptionMetrics {
  /** field -> counts per bucket (not cumulative; the last one is +Inf), sum, count. */
  const deliveries = new Map<string, { buckets: number[]; sum: number; count: number }>();
  const counters = new Map<string, Map<string, number>>();
  const gauges = new Map<string, Map<string, number>>();
  const add = (store: Map<string, Map<string, number>>, name: string, label: string, delta: number) => {
    const series = store.get(name) ?? new Map<string, number>();
    store.set(name, series);
    series.set(label, (series.get(label) ?? 0) + delta);
  };
  const help: Record<string, [string, string, string]> = {
    salesgraph_gateway_subscription_events_total: ['counter', 'topic', 'Events consumed from subscription topics.'],
    salesgraph_gateway_subscription_events_rejected_total: [
      'counter',
      'topic',
      'Messages on subscription topics that are not valid events (skipped).',
    ],
    salesgraph_gateway_subscription_events_redelivered_total: [
      'counter',
      'topic',
      'Messages the bus delivered again (after a consumer group rebalance), skipped so no subscriber gets an event twice.',
    ],
    salesgraph_gateway_subscription_entity_fetches_total: [
      'counter',
      'field',
      'Entity loads through the federated query path (one per event and distinct selection and access scope, plus retries of failed ones).',
    ],
    salesgraph_gateway_subscription_messages_total: ['counter', 'field', 'Messages delivered to subscribers.'],
    salesgraph_gateway_subscription_starts_total: [
      'counter',
      'field',
      'Subscriptions started (after validation and planning).',
    ],
    salesgraph_gateway_subscription_server_closes_total: [
      'counter',
      'reason',
      'Connections and streams closed by the gateway, by reason.',
    ],
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
    eventDelivered(field, seconds) {
      let histogram = deliveries.get(field);
      if (!histogram)
        deliveries.set(field, (histogram = { buckets: deliveryBuckets.map(() => 0).concat(0), sum: 0, count: 0 }));
      const bucket = deliveryBuckets.findIndex((bound) => seconds <= bound);
      histogram.buckets[bucket === -1 ? deliveryBuckets.length : bucket]! += 1;
      histogram.sum += seconds;
      histogram.count += 1;
    },
    render() {
      const lines: string[] = [];
      for (const [name, [type, label, text]] of Object.entries(help)) {
        lines.push(`# HELP ${name} ${text}`, `# TYPE ${name} ${type}`);
        for (const [value, count] of (type === 'counter' ? counters : gauges).get(name) ?? [])
          lines.push(`${name}{${label}="${value}"} ${count}`);
      }
      lines.push(
        `# HELP ${deliveryHistogram} From an event's occurredAt until the gateway wrote its message to the subscribers of a group (one observation per event and group).`,
        `# TYPE ${deliveryHistogram} histogram`,
      );
      for (const [field, { buckets, sum, count }] of deliveries) {
        let cumulative = 0;
        buckets.forEach((n, i) => {
          cumulative += n;
          lines.push(
            `${deliveryHistogram}_bucket{field="${field}",le="${deliveryBuckets[i] ?? '+Inf'}"} ${cumulative}`,
          );
        });
        lines.push(
          `${deliveryHistogram}_sum{field="${field}"} ${sum}`,
          `${deliveryHistogram}_count{field="${field}"} ${count}`,
        );
      }
      return `${lines.join('\n')}\n`;
    },
  };
}
