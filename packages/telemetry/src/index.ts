export { telemetryEnv, type TelemetryConfig } from './config.js';
export { startTracing, type Tracing } from './tracing.js';
export {
  SpanKind,
  SpanStatusCode,
  context,
  contextFromHeaders,
  creationContextOf,
  currentTraceparent,
  inSpan,
  linkTo,
  trace,
  traceContextHeaders,
  traceHeaders,
  tracer,
  tracingActive,
  type Attributes,
  type Context,
  type Link,
  type Span,
  type SpanOptions,
} from './propagation.js';
export { boundedLabel, countersIn, createMetricsRegistry, latencyBuckets, type Registry } from './metrics-registry.js';
export { operationTelemetryPlugin, type OperationTelemetryOptions } from './operation-telemetry.plugin.js';
export { Counter, Gauge, Histogram } from 'prom-client';
