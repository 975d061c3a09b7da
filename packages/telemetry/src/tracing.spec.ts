import './instrument.js';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { createLogger } from '@salesgraph/logging';
import { boundedLabel, currentTraceparent, inSpan, startTracing, trace, tracingActive } from './index.js';

const wrapped = (method: unknown) => Boolean((method as { __wrapped?: boolean }).__wrapped);

/** Log lines written to memory, parsed. */
function capture(datadog: boolean) {
  const lines: Record<string, any>[] = [];
  const logger = createLogger('spec', 'info', { datadog }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { lines, logger };
}

describe('tracing (one process: off first, then on)', () => {
  it('off without an OTLP endpoint: nothing registered, pg unpatched, work runs without a span', async () => {
    const tracing = await startTracing('spec', {});
    assert.equal(tracing.enabled, false);
    assert.equal(tracingActive(), false);
    assert.equal(wrapped(pg.Client.prototype.query), false, 'pg patched while tracing is off');
    const { lines, logger } = capture(true);
    await inSpan('work', {}, async (span) => {
      assert.equal(span.isRecording(), false);
      assert.equal(trace.getActiveSpan(), undefined);
      assert.equal(currentTraceparent(), null);
      logger.info('inside');
    });
    assert.deepEqual(Object.keys(lines[0]!).sort(), ['level', 'msg', 'name', 'service', 'time']);
  });

  it('on: pg patched, traceparent of the active span, log lines inside a span carry its ids (and dd.* when asked)', async () => {
    // Sampled off at the root: spans have ids but nothing is exported to the (absent) receiver.
    const tracing = await startTracing('spec', {
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9',
      OTEL_TRACES_SAMPLER: 'always_off',
    });
    try {
      assert.equal(tracing.enabled, true);
      assert.equal(wrapped(pg.Client.prototype.query), true, 'pg not patched while tracing is on');
      const plain = capture(false);
      const datadog = capture(true);
      await inSpan('work', {}, async (span) => {
        const { traceId, spanId } = span.spanContext();
        assert.equal(currentTraceparent(), `00-${traceId}-${spanId}-00`);
        plain.logger.info('inside');
        datadog.logger.child({ component: 'child' }).info('inside');
        assert.equal(plain.lines[0]!['trace_id'], traceId);
        assert.equal(plain.lines[0]!['span_id'], spanId);
        assert.equal(plain.lines[0]!['dd'], undefined);
        assert.deepEqual(datadog.lines[0]!['dd'], {
          trace_id: BigInt(`0x${traceId.slice(16)}`).toString(),
          span_id: BigInt(`0x${spanId}`).toString(),
        });
      });
      plain.logger.info('outside');
      assert.equal(plain.lines[1]!['trace_id'], undefined);
      // Under an unsampled parent no span is started: work runs in the parent's span and context.
      await inSpan('parent', {}, async (parent) => {
        await inSpan('child', {}, async (child) => {
          assert.equal(child, parent);
          assert.equal(trace.getActiveSpan(), parent);
          assert.equal(currentTraceparent(), `00-${parent.spanContext().traceId}-${parent.spanContext().spanId}-00`);
        });
      });
    } finally {
      await tracing.shutdown();
    }
    assert.equal(wrapped(pg.Client.prototype.query), false, 'pg still patched after shutdown');
  });
});

describe('boundedLabel', () => {
  it('keeps the first values and counts every later new value as other', () => {
    const label = boundedLabel(2);
    assert.deepEqual(['a', 'b', 'c', 'a', 'd', 'b'].map(label), ['a', 'b', 'other', 'a', 'other', 'b']);
  });
});
