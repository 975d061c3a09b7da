import type { OutboxRelay } from '@salesgraph/outbox';
import type { ProjectionConsumer } from '@salesgraph/projection';
import type { Orm } from '@salesgraph/orm';
import { Counter, Gauge, type Registry } from '@salesgraph/telemetry';

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
  new Gauge({
    name: 'salesgraph_outbox_backlog',
    help: 'Outbox rows committed but not yet published.',
    labelNames: ['service'],
    registers,
    async collect() {
      const relay = parts.relay();
      const pending = await relay?.pending().catch(() => null);
      if (pending !== null) this.set({ service }, pending?.rows ?? 0);
    },
  });
  new Gauge({
    name: 'salesgraph_outbox_oldest_age_seconds',
    help: 'Age of the oldest outbox row not yet published (0 when none waits).',
    labelNames: ['service'],
    registers,
    async collect() {
      const relay = parts.relay();
      const pending = await relay?.pending().catch(() => null);
      if (pending !== null) this.set({ service }, pending?.oldestSeconds ?? 0);
    },
  });
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
  const deadLetters = new Counter({
    name: 'salesgraph_projection_dead_letters_total',
    help: 'Events a projection sent to the dead-letter topic (invalid, or failing after retries).',
    labelNames: ['service', 'consumer'],
    registers,
  });
  const applied = new Counter({
    name: 'salesgraph_projection_events_applied_total',
    help: 'Events a projection applied (duplicates not counted).',
    labelNames: ['service', 'consumer'],
    registers,
  });
  return {
    deadLettered: (consumer) => deadLetters.inc({ service, consumer }),
    applied: (consumer) => applied.inc({ service, consumer }),
  };
}
