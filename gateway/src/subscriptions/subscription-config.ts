import { hostname } from 'node:os';
import { z } from 'zod';
import { kafkaSecurityEnv, kafkaTopicEnv, optionalKafkaEnv } from '@salesgraph/config';

const count = (fallback: number, max: number) => z.coerce.number().int().positive().max(max).default(fallback);

/**
 * The subscription engine's part of the gateway environment (spread into `gatewayEnv`).
 * Without KAFKA_BROKERS the engine is off: /graphql answers only queries and mutations.
 */
export const subscriptionEnv = {
  ...optionalKafkaEnv,
  /** SASL/TLS to the brokers, as every Kafka client of the graph (packages/config kafkaSecurityEnv). */
  ...kafkaSecurityEnv,
  /** Whether the gateway creates the topics it consumes (outside production) and with what policy. */
  ...kafkaTopicEnv,
  /** Names this process in its consumer group (`gateway.<id>.<start-epoch>`); the pod name in Kubernetes. */
  GATEWAY_INSTANCE_ID: z
    .string()
    .regex(/^[a-zA-Z0-9_.-]{1,100}$/, 'letters, digits, _ . and - only')
    .default(
      hostname()
        .replace(/[^a-zA-Z0-9_.-]/g, '-')
        .slice(0, 100) || 'gateway',
    ),
  SUBSCRIPTIONS_MAX_PER_CONNECTION: count(25, 10_000),
  /** Messages waiting for one subscriber; beyond this the client is dropped as too slow. */
  SUBSCRIPTIONS_QUEUE_MAX: count(256, 100_000),
  /** Bytes a socket may hold unsent; beyond this the client is dropped as too slow. */
  SUBSCRIPTIONS_SEND_BUFFER_MAX_BYTES: count(4 * 1024 * 1024, 1024 * 1024 * 1024),
  /** WebSocket ping (and SSE comment) interval; a socket without a pong within it is closed. */
  SUBSCRIPTIONS_KEEPALIVE_MS: count(12_000, 600_000),
  SUBSCRIPTIONS_CONNECTION_INIT_TIMEOUT_MS: count(3_000, 60_000),
  /** Recent events kept per topic and tenant for resuming with a cursor. */
  SUBSCRIPTIONS_RESUME_EVENTS: count(256, 100_000),
  /** Tenants with a resume buffer per topic; the least recently active one is forgotten first. */
  SUBSCRIPTIONS_RESUME_TENANTS: count(10_000, 1_000_000),
  /** Entity fetches in flight at once across all subscribers. */
  SUBSCRIPTIONS_FETCH_CONCURRENCY: count(16, 1_000),
};
