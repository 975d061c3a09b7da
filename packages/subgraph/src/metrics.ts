import type { OutboxRelay } from '@salesgraph/outbox';
import type { ProjectionConsumer } from '@salesgraph/projection';

/** Prometheus text: outbox backlog and consumer lag per projection. */
export async function renderMetrics(
  service: string,
  relay: OutboxRelay | null,
  projections: readonly ProjectionConsumer[],
): Promise<string> {
  const lines = [
    '# HELP salesgraph_outbox_backlog Outbox rows committed but not yet published.',
    '# TYPE salesgraph_outbox_backlog gauge',
    `salesgraph_outbox_backlog{service="${service}"} ${relay ? await relay.backlog() : 0}`,
    '# HELP salesgraph_consumer_lag Messages not yet committed by a projection consumer group (NaN when the broker cannot be asked).',
    '# TYPE salesgraph_consumer_lag gauge',
  ];
  for (const projection of projections) {
    // Unknown (NaN) while the broker cannot be asked: never a reassuring 0.
    const lag = await projection.lag().catch(() => null);
    const total = lag ? lag.reduce((sum, entry) => sum + entry.lag, 0) : Number.NaN;
    lines.push(`salesgraph_consumer_lag{service="${service}",consumer="${projection.name}"} ${total}`);
  }
  return `${lines.join('\n')}\n`;
}
