import type { BusProducer, OutgoingMessage } from '@salesgraph/kafka';
import {
  SpanKind,
  SpanStatusCode,
  contextFromHeaders,
  trace,
  traceHeaders,
  tracer,
  tracingActive,
  type Span,
} from '@salesgraph/telemetry';

export interface OutboxRow {
  readonly message_key: string;
  /** The event envelope; its `traceparent` is the context of the write that recorded it. */
  readonly payload: unknown;
}

const traceparentOf = (payload: unknown): string | null => {
  const value = (payload as { traceparent?: unknown } | null)?.traceparent;
  return typeof value === 'string' ? value : null;
};

/**
 * Sends outbox rows of one topic. With tracing on, each row written inside a trace gets a
 * producer span `send <topic>` under the write's context (OTel messaging conventions:
 * messaging.system, destination, operation), and the message carries that span's W3C
 * `traceparent`/`tracestate` in its headers — consumers continue from there. The envelope keeps
 * the write's own `traceparent`.
 */
export async function publishRows(producer: BusProducer, topic: string, rows: readonly OutboxRow[]): Promise<void> {
  const message = (row: OutboxRow): OutgoingMessage => ({ key: row.message_key, value: JSON.stringify(row.payload) });
  if (!tracingActive()) return producer.send(topic, rows.map(message));
  const spans: Span[] = [];
  const messages = rows.map((row) => {
    const traceparent = traceparentOf(row.payload);
    if (!traceparent) return message(row);
    const parent = contextFromHeaders({ traceparent });
    const span = tracer().startSpan(
      `send ${topic}`,
      {
        kind: SpanKind.PRODUCER,
        attributes: {
          'messaging.system': 'kafka',
          'messaging.operation.type': 'send',
          'messaging.operation.name': 'send',
          'messaging.destination.name': topic,
          'messaging.kafka.message.key': row.message_key,
        },
      },
      parent,
    );
    spans.push(span);
    return { ...message(row), headers: traceHeaders(trace.setSpan(parent, span)) };
  });
  try {
    await producer.send(topic, messages);
  } catch (error) {
    for (const span of spans) span.setStatus({ code: SpanStatusCode.ERROR, message: 'publish failed' });
    throw error;
  } finally {
    for (const span of spans) span.end();
  }
}
