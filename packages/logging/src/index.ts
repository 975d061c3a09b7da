import { trace, isSpanContextValid } from '@opentelemetry/api';
import { pino, type Logger } from 'pino';

export type { Logger };

/** Paths whose values never reach a log line: credentials and personal data (LGPD). */
const redact = [
  'authorization',
  '*.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  '*.cpf',
  'cpf',
  '*.birthDate',
  'birthDate',
  '*.email',
  '*.phone',
  'variables',
  '*.variables',
];

export interface LoggerOptions {
  /** Also write Datadog's `dd.trace_id` / `dd.span_id` (decimal, the low 64 bits) — DD_LOGS_INJECTION. */
  readonly datadog?: boolean;
}

/**
 * The ids of the active span (OpenTelemetry) on every line written inside one: `trace_id` and
 * `span_id` (W3C hex), plus `dd.trace_id`/`dd.span_id` in Datadog's form when asked for.
 * Nothing when no span is active (tracing off: one context lookup per line).
 */
function traceIds(datadog: boolean): () => Record<string, unknown> {
  return () => {
    const spanContext = trace.getActiveSpan()?.spanContext();
    if (!spanContext || !isSpanContextValid(spanContext)) return {};
    const { traceId, spanId } = spanContext;
    if (!datadog) return { trace_id: traceId, span_id: spanId };
    return {
      trace_id: traceId,
      span_id: spanId,
      dd: { trace_id: BigInt(`0x${traceId.slice(16)}`).toString(), span_id: BigInt(`0x${spanId}`).toString() },
    };
  };
}

export function createLogger(
  name: string,
  level: string = 'info',
  options: LoggerOptions = {},
  destination?: pino.DestinationStream,
): Logger {
  const settings = {
    name,
    level,
    redact: { paths: redact, censor: '[redacted]' },
    base: { service: name },
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin: traceIds(options.datadog ?? false),
  };
  return destination ? pino(settings, destination) : pino(settings);
}

/** One line that names an error without its stack or driver text (which may carry SQL or data). */
export function describeError(error: unknown): { name: string; code?: string } {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { name: error.name, ...(typeof code === 'string' ? { code } : {}) };
  }
  return { name: typeof error };
}
