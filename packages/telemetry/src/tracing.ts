import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  CompositePropagator,
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
  parseKeyPairsIntoRecord,
} from '@opentelemetry/core';
import { OTLPTraceExporter as OtlpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpProtobufExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  TracerProvider,
  type Sampler,
} from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { TelemetryConfig } from './config.js';
import { setTracingActive } from './propagation.js';

export interface Tracing {
  /** True when spans are recorded and exported. */
  readonly enabled: boolean;
  /** Exports the spans still buffered, then stops exporting. */
  shutdown(): Promise<void>;
  /** A process lifecycle whose stop also flushes the spans (for runProcess). */
  around(lifecycle: Lifecycle): Lifecycle;
}

interface Lifecycle {
  start(): Promise<void>;
  stop(): Promise<void>;
}

const off: Tracing = { enabled: false, shutdown: async () => undefined, around: (lifecycle) => lifecycle };

function sampler(config: TelemetryConfig): Sampler {
  const ratio = config.OTEL_TRACES_SAMPLER_ARG ?? 1;
  switch (config.OTEL_TRACES_SAMPLER ?? 'parentbased_always_on') {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(ratio);
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio) });
    default:
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
  }
}

function tracesUrl(config: TelemetryConfig): string | undefined {
  if (config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  if (!config.OTEL_EXPORTER_OTLP_ENDPOINT) return undefined;
  return `${config.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces`;
}

/**
 * Turns tracing on when the config names an OTLP endpoint (and OTEL_SDK_DISABLED is not set):
 * a tracer provider with the configured sampler, OTLP/HTTP export (protobuf or JSON) in
 * batches, W3C trace-context propagation, async context, and the PostgreSQL instrumentation.
 * Otherwise nothing is registered: the OpenTelemetry API stays a no-op and `pg` unpatched.
 */
export async function startTracing(serviceName: string, config: TelemetryConfig): Promise<Tracing> {
  const url = tracesUrl(config);
  if (config.OTEL_SDK_DISABLED || config.OTEL_TRACES_EXPORTER === 'none' || !url) return off;
  const headers = parseKeyPairsIntoRecord(config.OTEL_EXPORTER_OTLP_HEADERS);
  const protocol = config.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? config.OTEL_EXPORTER_OTLP_PROTOCOL ?? 'http/protobuf';
  const exporter =
    protocol === 'http/json' ? new OtlpJsonExporter({ url, headers }) : new OtlpProtobufExporter({ url, headers });
  const resource = defaultResource()
    .merge(resourceFromAttributes(parseKeyPairsIntoRecord(config.OTEL_RESOURCE_ATTRIBUTES)))
    .merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: config.OTEL_SERVICE_NAME ?? serviceName }));
  const provider = new TracerProvider({
    resource,
    sampler: sampler(config),
    spanProcessors: [new BatchSpanProcessor({ exporter, scheduledDelayMillis: 1_000 })],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(
    new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }),
  );
  trace.setGlobalTracerProvider(provider);
  // Loaded lazily: a process that never imported the hooks (a CLI) just gets no SQL spans.
  const { pgInstrumentation } = await import('./instrument.js');
  pgInstrumentation.setTracerProvider(provider);
  pgInstrumentation.enable();
  setTracingActive(true, (config.OTEL_TRACES_SAMPLER ?? 'parentbased_always_on') !== 'always_on');
  const shutdown = async () => {
    setTracingActive(false);
    pgInstrumentation.disable();
    await provider.shutdown();
  };
  return {
    enabled: true,
    shutdown,
    around: (lifecycle) => ({
      start: () => lifecycle.start(),
      async stop() {
        try {
          await lifecycle.stop();
        } finally {
          await shutdown();
        }
      },
    }),
  };
}
