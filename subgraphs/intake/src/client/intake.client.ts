import { ordersTopicOf } from '@salesgraph/events';
import type { BusProducer } from '@salesgraph/kafka';
import { TENANT_HEADER } from '../order-intake/order-consumer.js';

/**
 * The two ways a sales system hands us an order, as the system (or a test, or the bench) does it.
 * Kafka: the payload on `<system>.orders`, keyed by the system's order id (so the revisions of one
 * order stay in one partition, in order) with the tenant in the `tenant` header.
 */
export function publishOrder(
  producer: BusProducer,
  system: string,
  orders: readonly { readonly tenant: string; readonly orderId: string; readonly payload: unknown }[],
): Promise<void> {
  return producer.send(
    ordersTopicOf(system),
    orders.map((order) => ({
      key: order.orderId,
      value: JSON.stringify(order.payload),
      headers: { [TENANT_HEADER]: order.tenant },
    })),
  );
}

/** What `POST /intake/{system}/orders` answered. */
export interface PushAnswer {
  readonly status: number;
  readonly body: {
    readonly outcome?: string;
    readonly problems?: readonly string[];
    readonly salesOrderId?: string | null;
    readonly revision?: number | null;
    readonly eventId?: string | null;
    readonly error?: string;
  };
}

/**
 * HTTP: one order to the gateway's `POST /intake/{system}/orders`, with a client-credentials token
 * (and an `Idempotency-Key` when given: a replay answers as the first request did).
 */
export async function pushOrder(
  gatewayOrigin: string,
  token: string,
  system: string,
  payload: unknown,
  idempotencyKey?: string,
): Promise<PushAnswer> {
  const response = await fetch(`${gatewayOrigin}/intake/${system}/orders`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
      ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
    },
    body: JSON.stringify(payload),
  });
  return { status: response.status, body: (await response.json()) as PushAnswer['body'] };
}
