import { Gauge, Histogram, countersIn, createMetricsRegistry, type Registry } from '@salesgraph/telemetry';

/** The subscription engine's series on /metrics (prom-client, in the gateway's registry). */
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
}

const deliveryBuckets = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export function createSubscriptionMetrics(registry: Registry = createMetricsRegistry()): SubscriptionMetrics {
  const registers = [registry];
  const counter = countersIn(registry);
  const events = counter('salesgraph_gateway_subscription_events_total', 'Events consumed from subscription topics.', [
    'topic',
  ]);
  const rejected = counter(
    'salesgraph_gateway_subscription_events_rejected_total',
    'Messages on subscription topics that are not valid events (skipped).',
    ['topic'],
  );
  const redelivered = counter(
    'salesgraph_gateway_subscription_events_redelivered_total',
    'Messages the bus delivered again (after a consumer group rebalance), skipped so no subscriber gets an event twice.',
    ['topic'],
  );
  const fetches = counter(
    'salesgraph_gateway_subscription_entity_fetches_total',
    'Entity loads through the federated query path (one per event and distinct selection and access scope, plus retries of failed ones).',
    ['field'],
  );
  const messages = counter('salesgraph_gateway_subscription_messages_total', 'Messages delivered to subscribers.', [
    'field',
  ]);
  const starts = counter(
    'salesgraph_gateway_subscription_starts_total',
    'Subscriptions started (after validation and planning).',
    ['field'],
  );
  const closes = counter(
    'salesgraph_gateway_subscription_server_closes_total',
    'Connections and streams closed by the gateway, by reason.',
    ['reason'],
  );
  const connections = new Gauge({
    name: 'salesgraph_gateway_subscription_connections',
    help: 'Open subscription connections.',
    labelNames: ['transport'],
    registers,
  });
  const active = new Gauge({
    name: 'salesgraph_gateway_subscriptions',
    help: 'Active subscriptions.',
    labelNames: ['field'],
    registers,
  });
  const delivery = new Histogram({
    name: 'salesgraph_gateway_subscription_event_delivery_seconds',
    help: "From an event's occurredAt until the gateway wrote its message to the subscribers of a group (one observation per event and group).",
    labelNames: ['field'],
    buckets: deliveryBuckets,
    registers,
  });
  return {
    eventConsumed: (topic) => events.inc({ topic }),
    eventRejected: (topic) => rejected.inc({ topic }),
    eventRedelivered: (topic) => redelivered.inc({ topic }),
    entityFetch: (field) => fetches.inc({ field }),
    delivered: (field, count) => messages.inc({ field }, count),
    eventDelivered: (field, seconds) => delivery.observe({ field }, seconds),
    closedByServer: (reason) => closes.inc({ reason }),
    connectionOpened: (transport) => connections.inc({ transport }),
    connectionClosed: (transport) => connections.dec({ transport }),
    subscriptionStarted(field) {
      active.inc({ field });
      starts.inc({ field });
    },
    subscriptionEnded: (field) => active.dec({ field }),
  };
}
