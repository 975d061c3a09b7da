import type { Orm } from '@salesgraph/orm';
import { Counter, Gauge, type Registry } from '@salesgraph/telemetry';

export interface BusinessMetricDeps {
  readonly registry: Registry;
  /** The subgraph's ORM once started (null before). */
  readonly orm: () => Orm | null;
}

export interface SqlMetric<L extends string> {
  readonly name: string;
  readonly help: string;
  /**
   * `gauge` for a level (deals per stage); `counter` for a count that only grows (breaches so
   * far), so PromQL's rate()/increase() apply to it.
   */
  readonly type: 'gauge' | 'counter';
  /** Columns of the query that become labels: bounded values only (tenant, stage, state — never ids or text). */
  readonly labels: readonly L[];
  /** Read at every scrape, across tenants: one row per label combination, its number in `value`. */
  readonly sql: string;
}

type Row<L extends string> = Record<L, string> & { readonly value: string | number };

/**
 * A business metric read from the subgraph's own tables when Prometheus scrapes, so it holds
 * whatever the process restarts or how many replicas run (each reports the same value:
 * aggregate with max by). Combinations that vanished from the result vanish from the series.
 */
export function sqlMetric<L extends string>(deps: BusinessMetricDeps, metric: SqlMetric<L>): void {
  const failures = readFailures(deps.registry);
  // A failed read (database down) leaves the series out of this scrape: absent, never stale.
  const read = async (): Promise<Row<L>[]> => {
    const orm = deps.orm();
    if (!orm) return [];
    return orm.em
      .fork()
      .getConnection()
      .execute<Row<L>[]>(metric.sql)
      .catch(() => {
        failures.inc({ metric: metric.name });
        return [];
      });
  };
  const options = { name: metric.name, help: metric.help, labelNames: metric.labels, registers: [deps.registry] };
  if (metric.type === 'gauge') {
    new Gauge<L>({
      ...options,
      async collect() {
        const rows = await read();
        this.reset();
        for (const row of rows) this.set(labelsOf(metric.labels, row), Number(row.value));
      },
    });
  } else {
    new Counter<L>({
      ...options,
      async collect() {
        const rows = await read();
        this.reset();
        for (const row of rows) this.inc(labelsOf(metric.labels, row), Number(row.value));
      },
    });
  }
}

const READ_FAILURES = 'salesgraph_business_metric_read_failures_total';

/** Counts scrapes where a business metric could not be read (its series were left out). */
function readFailures(registry: Registry): Counter<'metric'> {
  return (
    (registry.getSingleMetric(READ_FAILURES) as Counter<'metric'> | undefined) ??
    new Counter({
      name: READ_FAILURES,
      help: 'Scrapes where a business metric could not be read from the database (its series were left out).',
      labelNames: ['metric'],
      registers: [registry],
    })
  );
}

function labelsOf<L extends string>(labels: readonly L[], row: Row<L>): Partial<Record<L, string>> {
  const values: Partial<Record<L, string>> = {};
  for (const label of labels) values[label] = String(row[label]);
  return values;
}
