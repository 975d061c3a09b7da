import type { EventEnvelope } from '@salesgraph/events';
import type { BusMessage } from '@salesgraph/kafka';
import {
  SpanKind,
  context,
  contextFromHeaders,
  creationContextOf,
  linkTo,
  trace,
  tracer,
  tracingActive,
} from '@salesgraph/telemetry';

/**
 * Runs the dispatch of one consumed event inside a consumer span `process <topic>` (OTel
 * messaging conventions): child of the message's creation context (the relay's producer span,
 * else the envelope's `traceparent`) and linked to it, so the trace of the write goes on into
 * the subscription fan-out; the entity loads started meanwhile are its children.
 */
export function inEventSpan(groupId: string, message: BusMessage, envelope: EventEnvelope, dispatch: () => void): void {
  if (!tracingActive()) return dispatch();
  const creation = creationContextOf(message.headers, envelope.traceparent);
  const parent = contextFromHeaders(creation);
  const link = linkTo(creation['traceparent']);
  const span = tracer().startSpan(
    `process ${message.topic}`,
    {
      kind: SpanKind.CONSUMER,
      links: link ? [link] : [],
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'process',
        'messaging.operation.name': 'process',
        'messaging.destination.name': message.topic,
        'messaging.consumer.group.name': groupId,
        'messaging.destination.partition.id': String(message.partition),
        'messaging.kafka.offset': Number(message.offset),
        'salesgraph.event.type': envelope.eventType,
      },
    },
    parent,
  );
  try {
    context.with(trace.setSpan(parent, span), dispatch);
  } finally {
    span.end();
  }
}

/** The span of one event's message to the subscribers of one group, from its load until it was written. */
export interface DeliveryTrace {
  /** The message was written to `subscribers` subscribers: the span ends. */
  written(subscribers: number): void;
  /** The group gets nothing for this event (it may not see the entity, or it is gone): the span ends. */
  dropped(): void;
}

const untraced: DeliveryTrace = { written: () => undefined, dropped: () => undefined };

/**
 * `deliver <field>`: a child of the active span (the event's `process` span; for a replay after a
 * cursor, a new trace) linked to the write that caused the event. Nothing with tracing off.
 */
export function deliveryTrace(field: string, envelope: EventEnvelope): DeliveryTrace {
  if (!tracingActive()) return untraced;
  const link = linkTo(envelope.traceparent);
  const span = tracer().startSpan(`deliver ${field}`, {
    kind: SpanKind.PRODUCER,
    links: link ? [link] : [],
    attributes: {
      'graphql.operation.type': 'subscription',
      'salesgraph.subscription.field': field,
      'salesgraph.event.type': envelope.eventType,
    },
  });
  return {
    written(subscribers) {
      span.setAttribute('salesgraph.subscribers', subscribers);
      span.end();
    },
    dropped() {
      span.setAttribute('salesgraph.subscribers', 0);
      span.end();
    },
  };
}
