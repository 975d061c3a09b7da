import pg from 'pg';
import type { BusProducer } from '@salesgraph/kafka';
import { publishRows, type OutboxRow } from './relay-telemetry.js';

export interface OutboxRelayOptions {
  readonly databaseUrl: string;
  /** Logs in with rotating credentials (packages/orm databaseCredentials); the URL's otherwise. */
  readonly credentials?: { readonly Client: typeof pg.Client };
  readonly schema: string;
  readonly producer: BusProducer;
  readonly batchSize?: number;
  /** Longest wait between scans when no NOTIFY arrives. */
  readonly idleMs?: number;
  readonly onError?: (error: unknown) => void;
}

export interface OutboxRelay {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Rows committed but not yet published. */
  backlog(): Promise<number>;
  /** Rows committed but not yet published, and the age of the oldest in seconds (0 when none). */
  pending(): Promise<{ readonly rows: number; readonly oldestSeconds: number }>;
  /** Resolves after one full pass has published everything committed before the call. */
  flush(): Promise<void>;
}

interface Row extends OutboxRow {
  id: string;
  topic: string;
}

/**
 * Publishes committed outbox rows in id order, keyed by aggregate id, then marks them sent.
 * Several relays may run: a transaction-scoped advisory lock lets one publish at a time,
 * so per-aggregate order holds. A crash between publish and mark re-publishes (at least
 * once); consumers are idempotent by event id.
 */
export function createOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const schema = options.schema.replaceAll('"', '');
  const batchSize = options.batchSize ?? 500;
  const idleMs = options.idleMs ?? 500;
  const Client = options.credentials?.Client ?? pg.Client;
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 2, Client });
  let listener: pg.Client | null = null;
  let running = false;
  let loop: Promise<void> | null = null;
  let wake: (() => void) | null = null;
  // A NOTIFY that arrives while a pass is publishing has no waiter to wake: remembered here,
  // it starts the next pass at once instead of leaving its rows for the idle timer.
  let notified = false;
  const waitForWork = () =>
    new Promise<void>((resolve) => {
      if (notified) {
        notified = false;
        resolve();
        return;
      }
      const timer = setTimeout(done, idleMs);
      function done() {
        clearTimeout(timer);
        wake = null;
        notified = false;
        resolve();
      }
      wake = done;
    });

  // Three round trips a pass with rows to publish: BEGIN and the lock in one simple-protocol call,
  // the rows in a statement of their own, the mark and the COMMIT in a third (the schema comes
  // from config, the ids from this table). The rows must be read by a statement that starts after
  // the lock is held: a statement's snapshot is taken when it starts, so reading them in the
  // statement that takes the lock could miss the marks another relay committed while this one
  // waited for it, and publish those rows a second time. Without the lock, one more call: COMMIT.
  const lockKey = `outbox:${schema}`.replaceAll("'", "''");
  const lockSql = `begin; select pg_try_advisory_xact_lock(hashtext('${lockKey}')) as locked`;
  const selectSql = `select id, topic, message_key, payload from "${schema}"."outbox"
    where published_at is null order by id limit ${Math.floor(batchSize)}`;
  const markSql = (ids: readonly string[]) => {
    if (!ids.every((id) => /^\d+$/.test(id))) throw new Error('outbox ids must be integers');
    return `update "${schema}"."outbox" set published_at = now() where id = any('{${ids.join(',')}}'::bigint[]); commit`;
  };

  async function publishBatch(): Promise<number> {
    const client = await pool.connect();
    try {
      const lock = (await client.query(lockSql)) as unknown as pg.QueryResult<{ locked: boolean }>[];
      if (!lock[1]?.rows[0]?.locked) {
        await client.query('commit');
        return 0;
      }
      const { rows } = await client.query<Row>(selectSql);
      let start = 0;
      while (start < rows.length) {
        const topic = rows[start]!.topic;
        let end = start;
        while (end < rows.length && rows[end]!.topic === topic) end++;
        await publishRows(options.producer, topic, rows.slice(start, end));
        start = end;
      }
      await client.query(rows.length > 0 ? markSql(rows.map((r) => String(r.id))) : 'commit');
      return rows.length;
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async function run(): Promise<void> {
    while (running) {
      try {
        const published = await publishBatch();
        if (published < batchSize && running) await waitForWork();
      } catch (error) {
        options.onError?.(error);
        if (running) await waitForWork();
      }
    }
  }

  return {
    async start() {
      listener = new Client({ connectionString: options.databaseUrl });
      await listener.connect();
      listener.on('notification', () => {
        notified = true;
        wake?.();
      });
      listener.on('error', (error) => options.onError?.(error));
      await listener.query(`listen "outbox_${schema}"`);
      running = true;
      loop = run();
    },
    async stop() {
      if (!loop) {
        await pool.end();
        return;
      }
      running = false;
      wake?.();
      await loop;
      // Drain: whatever was committed before the stop is published now, not by the next process.
      await (async () => {
        while ((await publishBatch()) > 0);
      })().catch((error: unknown) => options.onError?.(error));
      await listener?.end().catch(() => undefined);
      listener = null;
      await pool.end();
    },
    async backlog() {
      return (await this.pending()).rows;
    },
    async pending() {
      const { rows } = await pool.query<{ n: string; age: number | null }>(
        `select count(*) as n, extract(epoch from now() - min(created_at))::float8 as age
           from "${schema}"."outbox" where published_at is null`,
      );
      return { rows: Number(rows[0]?.n ?? 0), oldestSeconds: Math.max(0, rows[0]?.age ?? 0) };
    },
    async flush() {
      while ((await publishBatch()) > 0);
    },
  };
}
