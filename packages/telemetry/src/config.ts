import { z } from 'zod';

const flag = z
  .enum(['true', 'false'])
  .default('false')
  .transform((value) => value === 'true');

/**
 * The standard OpenTelemetry variables this platform honours (parsed with the rest of a service's
 * config), plus Datadog's DD_LOGS_INJECTION. Tracing is on when an OTLP endpoint is set.
 */
export const telemetryEnv = {
  OTEL_SDK_DISABLED: flag,
  OTEL_SERVICE_NAME: z.string().min(1).optional(),
  OTEL_RESOURCE_ATTRIBUTES: z
    .string()
    .optional()
    .describe('key=value,key=value added to every span (deployment.environment=prod)'),
  OTEL_TRACES_EXPORTER: z.enum(['otlp', 'none']).default('otlp'),
  OTEL_EXPORTER_OTLP_ENDPOINT: z
    .url()
    .optional()
    .describe('Base URL of the OTLP/HTTP receiver (the Datadog Agent: http://agent:4318)'),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.url().optional().describe('Full URL for spans; overrides the base endpoint'),
  OTEL_EXPORTER_OTLP_PROTOCOL: z.enum(['http/protobuf', 'http/json']).default('http/protobuf'),
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: z.enum(['http/protobuf', 'http/json']).optional(),
  OTEL_EXPORTER_OTLP_HEADERS: z.string().optional().describe('key=value,key=value sent with every export'),
  OTEL_TRACES_SAMPLER: z
    .enum([
      'always_on',
      'always_off',
      'traceidratio',
      'parentbased_always_on',
      'parentbased_always_off',
      'parentbased_traceidratio',
    ])
    .default('parentbased_always_on'),
  OTEL_TRACES_SAMPLER_ARG: z.coerce.number().min(0).max(1).optional(),
  /** Log lines also carry dd.trace_id / dd.span_id (Datadog's decimal form), for log-trace correlation. */
  DD_LOGS_INJECTION: flag,
};

const schema = z.object(telemetryEnv);

export type TelemetryConfig = Partial<z.output<typeof schema>>;
