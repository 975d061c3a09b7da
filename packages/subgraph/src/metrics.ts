import type { OutboxRelay } from '@salesgraph/outbox';
import type { ProjectionConsumer } from '@salesgraph/projection';
import type { Orm } from '@salesgraph/orm';
import { Gauge, countersIn, type Registry } from '@salesgraph/telemetry';

/** The parts of a running subgraph the collectors read at scrape time (null until started). */
export interface SubgraphParts {
  readonly orm: () => Orm | null;
  readonly relay: () => OutboxRelay | null;
  readonly projections: () => readonly ProjectionConsumer[];
}

export interface SubgraphMetrics {
  deadLettered(consumer: string): void;
  applied(consumer: string): void;
}

type OutboxPending = Awaited<ReturnType<OutboxRelay['pending']>>;

interface PoolStats {
  readonly totalCount: number;
  readonly idleCount: number;
  readonly waitingCount: number;
}

/**
 * The series every subgraph process has beside the per-operation ones: outbox backlog and the
 * age of its oldest unpublished row, consumer lag per projection (NaN when the broker cannot be
 * asked: never a reassuring 0), events applied and dead-lettered per projection, and the
 * database pool. Gauges are read when Prometheus scrapes.
 */
export function createSubgraphMetrics(registry: Registry, service: string, parts: SubgraphParts): SubgraphMetrics {
  const registers = [registry];
  const counter = countersIn(registry);
  /** A gauge of the outbox's unpublished rows, read from the relay at scrape time (left as it was when unreadable). */
  const outboxGauge = (name: string, help: string, valueOf: (pending: OutboxPending | undefined) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['service'],
      registers,
      async collect() {
        const relay = parts.relay();
        const pending = await relay?.pending().catch(() => null);
        if (pending !== null) this.set({ service }, valueOf(pending));
      },
    });
  outboxGauge(
    'salesgraph_outbox_backlog',
    'Outbox rows committed but not yet published.',
    (pending) => pending?.rows ?? 0,
  );
  outboxGauge(
    'salesgraph_outbox_oldest_age_seconds',
    'Age of the oldest outbox row not yet published (0 when none waits).',
    (pending) => pending?.oldestSeconds ?? 0,
  );
  new Gauge({
    name: 'salesgraph_consumer_lag',
    help: 'Messages not yet committed by a projection consumer group (NaN when the broker cannot be asked).',
    labelNames: ['service', 'consumer'],
    registers,
    async collect() {
      for (const projection of parts.projections()) {
        const lag = await projection.lag().catch(() => null);
        const total = lag ? lag.reduce((sum, entry) => sum + entry.lag, 0) : Number.NaN;
        this.set({ service, consumer: projection.name }, total);
      }
    },
  });
  new Gauge({
    name: 'salesgraph_db_pool_connections',
    help: "Connections of the ORM's PostgreSQL pool, by state (busy, idle) and requests waiting for one (waiting).",
    labelNames: ['service', 'state'],
    registers,
    async collect() {
      const orm = parts.orm();
      if (!orm) return;
      const pool = (await orm.em
        .getConnection()
        .getNativeClient()
        .catch(() => null)) as PoolStats | null;
      if (!pool) return;
      this.set({ service, state: 'busy' }, pool.totalCount - pool.idleCount);
      this.set({ service, state: 'idle' }, pool.idleCount);
      this.set({ service, state: 'waiting' }, pool.waitingCount);
    },
  });
  const deadLetters = counter(
    'salesgraph_projection_dead_letters_total',
    'Events a projection sent to the dead-letter topic (invalid, or failing after retries).',
    ['service', 'consumer'],
  );
  const applied = counter(
    'salesgraph_projection_events_applied_total',
    'Events a projection applied (duplicates not counted).',
    ['service', 'consumer'],
  );
  return {
    deadLettered: (consumer) => deadLetters.inc({ service, consumer }),
    applied: (consumer) => applied.inc({ service, consumer }),
  };
}
