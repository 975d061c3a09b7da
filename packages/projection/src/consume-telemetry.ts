import type { EventEnvelope } from '@salesgraph/events';
import type { BusMessage } from '@salesgraph/kafka';
import {
  SpanKind,
  contextFromHeaders,
  creationContextOf,
  inSpan,
  linkTo,
  tracingActive,
  type Link,
} from '@salesgraph/telemetry';

export interface Delivery {
  readonly message: BusMessage;
  readonly event: EventEnvelope;
}

/** The creation context of a delivery: the relay's message headers, else the envelope's `traceparent`. */
const creationContext = ({ message, event }: Delivery) => creationContextOf(message.headers, event.traceparent);

/**
 * Runs the application of consecutive deliveries (one transaction) in a consumer span
 * `process <topic>`, as the OTel messaging conventions describe: a link to the creation context
 * of every message in it, and the first message's creation context as its parent, so the trace
 * of the write goes on through the projection (its SQL spans included). Tracing off: just `apply`.
 */
export function inConsumerSpan<T>(
  consumer: string,
  deliveries: readonly Delivery[],
  apply: () => Promise<T>,
): Promise<T> {
  if (!tracingActive() || deliveries.length === 0) return apply();
  const contexts = deliveries.map(creationContext);
  const links = contexts.map((headers) => linkTo(headers['traceparent'])).filter((link): link is Link => link !== null);
  const topic = deliveries[0]!.message.topic;
  return inSpan(
    `process ${topic}`,
    {
      kind: SpanKind.CONSUMER,
      parent: contextFromHeaders(contexts[0]!),
      links,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'process',
        'messaging.operation.name': 'process',
        'messaging.destination.name': topic,
        'messaging.consumer.group.name': consumer,
        'messaging.batch.message_count': deliveries.length,
        'messaging.destination.partition.id': String(deliveries[0]!.message.partition),
      },
    },
    apply,
  );
}
