import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  TraceFlags,
  context,
  propagation,
  trace,
  type Attributes,
  type Context,
  type Link,
  type Span,
} from '@opentelemetry/api';

/** The one tracer of the platform's own spans (SQL spans come from the PostgreSQL instrumentation). */
export const tracer = () => trace.getTracer('salesgraph');

let active = false;
/** Whether a span under an unsampled parent is unsampled too (every sampler but always_on). */
let childrenFollowParent = false;
/** What `work` gets while tracing is off: a span that records nothing. */
const offSpan = trace.wrapSpanContext({ traceId: '0'.repeat(32), spanId: '0'.repeat(16), traceFlags: 0 });

/** True once `startTracing` registered a provider; with tracing off, span code is skipped entirely. */
export const tracingActive = (): boolean => active;

/** Called by startTracing (and its shutdown), with whether its sampler keeps an unsampled parent's children unsampled. */
export function setTracingActive(on: boolean, unsampledParentsHaveUnsampledChildren = false): void {
  active = on;
  childrenFollowParent = on && unsampledParentsHaveUnsampledChildren;
}

/** W3C `traceparent` / `tracestate` of a context (the active one by default), as headers. */
export function traceHeaders(from: Context = context.active()): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(from, carrier);
  return carrier;
}

/** The `traceparent` of the active span (what an event envelope and its outbox row keep), or null. */
export function currentTraceparent(): string | null {
  return traceHeaders().traceparent ?? null;
}

/** The context carried by W3C headers (a remote parent), or the root context when there is none. */
export function contextFromHeaders(headers: Readonly<Record<string, string | string[] | undefined>>): Context {
  return propagation.extract(ROOT_CONTEXT, headers, {
    keys: (carrier) => Object.keys(carrier),
    get: (carrier, key) => {
      const value = carrier[key];
      return Array.isArray(value) ? value[0] : value;
    },
  });
}

/**
 * The creation context of a consumed message (OTel messaging conventions): the W3C headers the
 * producer put on it, else the `traceparent` its payload carries (an event envelope's).
 */
export function creationContextOf(
  headers: Readonly<Record<string, string>>,
  traceparent: string | null | undefined,
): Readonly<Record<string, string>> {
  if (headers['traceparent']) return headers;
  return traceparent ? { traceparent } : {};
}

/** Only the W3C trace-context headers (`traceparent`, `tracestate`) of a message's headers. */
export function traceContextHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of ['traceparent', 'tracestate']) if (headers[name]) picked[name] = headers[name];
  return picked;
}

/** A span link to the span a `traceparent` names (messaging consumers link to the producers they process). */
export function linkTo(traceparent: string | null | undefined): Link | null {
  if (!traceparent) return null;
  const spanContext = trace.getSpanContext(contextFromHeaders({ traceparent }));
  return spanContext && trace.isSpanContextValid(spanContext) ? { context: spanContext } : null;
}

export interface SpanOptions {
  readonly kind?: SpanKind;
  readonly attributes?: Attributes;
  readonly links?: readonly Link[];
  /** The parent; the active context by default. */
  readonly parent?: Context;
}

/**
 * Runs `work` inside a new active span, ending it when `work` settles (an error marks it failed,
 * recorded by name only: messages may carry data). With tracing off, or under a parent the
 * sampler left out (with every sampler but always_on, its children are left out too), `work`
 * runs as is: at 10 % sampling, nine requests in ten create no span below their root.
 */
export async function inSpan<T>(name: string, options: SpanOptions, work: (span: Span) => Promise<T>): Promise<T> {
  if (!active) return work(offSpan);
  const parent = options.parent ?? context.active();
  // Under an unsampled parent the span would record nothing and its children neither: `work`
  // runs in the parent's context, so the trace context it propagates stays the (unsampled) parent's.
  const parentSpan = childrenFollowParent ? trace.getSpan(parent) : undefined;
  if (parentSpan && (parentSpan.spanContext().traceFlags & TraceFlags.SAMPLED) === 0) return work(parentSpan);
  const span = tracer().startSpan(
    name,
    {
      kind: options.kind ?? SpanKind.INTERNAL,
      attributes: options.attributes,
      links: options.links ? [...options.links] : [],
    },
    parent,
  );
  try {
    return await context.with(trace.setSpan(parent, span), () => work(span));
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : 'error' });
    throw error;
  } finally {
    span.end();
  }
}

export { SpanKind, SpanStatusCode, context, trace };
export type { Attributes, Context, Link, Span };
