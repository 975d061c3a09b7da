import pg from 'pg';
import { signForwardedIdentity, type Identity } from '@salesgraph/auth';
import { createKafkaBus } from '@salesgraph/kafka';
import type { BenchConfig } from '../config.js';
import { startSubgraphStack } from '../g2/stack.js';
import type { ScenarioResult } from '../report.js';
import { round, spread, type Spread } from '../stats.js';
import { createWorkspace } from '../workspace.js';
import { latencyWindow, type LatencyWindow } from './latency.js';
import { throughputRound } from './throughput.js';

const tenant = 'bench-k1';
const rounded = (values: readonly number[], digits = 1): Spread => {
  const { median, min, max } = spread(values);
  return { median: round(median, digits), min: round(min, digits), max: round(max, digits) };
};

/** p50/p99 (ms) of the three stages of the measured writes, from the database's own clocks. */
async function stageBreakdown(client: pg.Client, ids: readonly string[]) {
  const { rows } = await client.query<{ relay: number[]; consumer: number[] }>(
    `select percentile_cont(array[0.5, 0.99]) within group (order by extract(epoch from o.published_at - o.created_at) * 1000) as relay,
            percentile_cont(array[0.5, 0.99]) within group (order by extract(epoch from i.applied_at - o.published_at) * 1000) as consumer
       from accounts.outbox o
       join deals.inbox_event i on i.event_id = o.event_id and i.consumer = 'deals.account-summary'
      where o.message_key = any($1::text[])`,
    [ids],
  );
  const stage = (values: number[] | undefined) => ({
    p50: round(values?.[0] ?? Number.NaN, 1),
    p99: round(values?.[1] ?? Number.NaN, 1),
  });
  return { relayWait: stage(rows[0]?.relay), relayToConsumer: stage(rows[0]?.consumer) };
}

/**
 * K1: the deals subgraph's AccountSummary projection (consumer group deals.account-summary,
 * fed by accounts company events) on real Kafka and PostgreSQL, in the real deals process.
 * Throughput: BENCH_RUNS rounds of BENCH_K1_EVENTS company.created events produced to the topic
 * at once (throughputRound). Latency: a warm-up of BENCH_WARMUP_SECONDS of writes, then BENCH_RUNS
 * windows of createCompany on the real accounts subgraph at BENCH_K1_WRITES_PER_SECOND
 * (latencyWindow). Visibility is the summary row's commit: a NOTIFY from a bench-only trigger in
 * the bench database. Results are medians over the rounds and windows, with min-max.
 */
export async function runK1(config: Readonly<BenchConfig>, log: (message: string) => void): Promise<ScenarioResult> {
  const workspace = await createWorkspace('k1');
  let dropDatabase: (() => Promise<void>) | undefined;
  const db = { client: null as pg.Client | null };
  try {
    const stack = await startSubgraphStack(config, workspace, ['accounts', 'deals']);
    dropDatabase = () => stack.database.drop();
    const client = new pg.Client({ connectionString: stack.database.url });
    db.client = client;
    await client.connect();
    await client.query(
      `create or replace function public.bench_notify_visible() returns trigger language plpgsql as $$ begin perform pg_notify('bench_visible', NEW.id::text); return NEW; end $$`,
    );
    await client.query(
      'create trigger bench_visible after insert on deals.account_summary for each row execute function public.bench_notify_visible()',
    );
    const visibleAt = new Map<string, number>();
    client.on('notification', (message) => {
      if (message.payload && !visibleAt.has(message.payload)) visibleAt.set(message.payload, performance.now());
    });
    await client.query('listen bench_visible');

    const bus = createKafkaBus({
      brokers: config.KAFKA_BROKERS.split(','),
      clientId: 'bench-k1',
      namespace: stack.namespace,
    });
    const producer = await bus.producer();
    const total = config.BENCH_K1_EVENTS;
    const rounds = [];
    for (let run = 0; run < config.BENCH_RUNS; run += 1) {
      const result = await throughputRound({ producer, tenant, total, firstCnpj: 10_000_000 + run * total, visibleAt });
      log(
        `K1 throughput ${run + 1}/${config.BENCH_RUNS}: ${total} events applied in ${result.seconds.toFixed(1)} s (${result.eventsPerSec.toFixed(0)} events/s; producing took ${result.produceSeconds.toFixed(1)} s)`,
      );
      rounds.push(result);
    }
    await producer.disconnect();
    await bus.close();

    const identity: Identity = { sub: 'bench-k1', tenant, roles: ['SALES_MANAGER'], scopes: [] };
    const identityHeader = await signForwardedIdentity(identity, workspace.identitySecret, 3_600);
    const perSecond = config.BENCH_K1_WRITES_PER_SECOND;
    const writes = Math.round(perSecond * config.BENCH_K1_LATENCY_SECONDS);
    let firstCnpj = 20_000_000;
    const window = async (count: number) => {
      const result = await latencyWindow({
        accountsUrl: stack.urls.accounts,
        identityHeader,
        writes: count,
        perSecond,
        firstCnpj,
        visibleAt,
      });
      firstCnpj += count;
      return result;
    };
    const warmup = await window(Math.round(perSecond * config.BENCH_WARMUP_SECONDS));
    log(
      `K1 warm-up: ${warmup.writes} writes at ${warmup.achievedWritesPerSecond.toFixed(0)}/s, not measured (p50 ${warmup.p50.toFixed(1)} ms, p99 ${warmup.p99.toFixed(1)} ms)`,
    );
    const windows: LatencyWindow[] = [];
    for (let run = 0; run < config.BENCH_RUNS; run += 1) {
      const result = await window(writes);
      log(
        `K1 latency ${run + 1}/${config.BENCH_RUNS}: ${writes} writes at ${result.achievedWritesPerSecond.toFixed(0)}/s: write-to-visible p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms (${result.failedWrites} failed writes, ${result.notVisible} not visible)`,
      );
      windows.push(result);
    }
    const stages = await stageBreakdown(
      client,
      windows.flatMap((result) => result.ids),
    );
    const eventsPerSec = rounded(
      rounds.map((result) => result.eventsPerSec),
      0,
    );
    const p50 = rounded(windows.map((result) => result.p50));
    const p99 = rounded(windows.map((result) => result.p99));
    return {
      entries: { eventsPerSec: eventsPerSec.median, p50: p50.median, p99: p99.median },
      details: {
        eventsPerSec,
        p50,
        p99,
        max: rounded(windows.map((result) => result.max)),
        events: total,
        throughputSeconds: rounded(
          rounds.map((result) => result.seconds),
          2,
        ),
        produceSeconds: rounded(
          rounds.map((result) => result.produceSeconds),
          2,
        ),
        writes,
        warmupWrites: warmup.writes,
        achievedWritesPerSecond: round(Math.min(...windows.map((result) => result.achievedWritesPerSecond)), 1),
        failedWrites: windows.reduce((sum, result) => sum + result.failedWrites, 0),
        notVisible: windows.reduce((sum, result) => sum + result.notVisible, 0),
        stages,
      },
      notes: [
        `Projection: deals.account-summary in the real deals process (one consumer, the topic's default partitions), applying batches of up to 200 events of one partition per transaction with their inbox records, company events set-based (one upsert per run; docs/EVENTS.md, Idempotence). Throughput: ${config.BENCH_RUNS} round(s) of ${total} company.created events produced in batches of 500, each counted from its first send to its last row committed; median ${eventsPerSec.median} (${eventsPerSec.min}–${eventsPerSec.max}) events/s.`,
        `Latency: after a warm-up of ${warmup.writes} writes (not measured), ${config.BENCH_RUNS} window(s) of ${writes} createCompany mutations on the real accounts subgraph at ${perSecond}/s (open loop), each through its outbox, the relay, Kafka and the projection; the time runs from sending the mutation to the commit of the summary row (PostgreSQL NOTIFY from a trigger the bench adds to its own database). Median of the windows with (min–max): p50 ${p50.median} (${p50.min}–${p50.max}) ms, p99 ${p99.median} (${p99.min}–${p99.max}) ms.`,
        `Where the time goes (all measured writes, p50 / p99, from PostgreSQL's clocks): outbox commit to the relay pass that published it ${stages.relayWait.p50} / ${stages.relayWait.p99} ms; relay pass to the consumer transaction that applied it ${stages.relayToConsumer.p50} / ${stages.relayToConsumer.p99} ms.`,
        `The subgraph processes share core ${config.BENCH_SUBGRAPH_CPUS} with the bench; PostgreSQL and Kafka are not pinned.`,
      ],
    };
  } finally {
    await db.client?.end().catch(() => undefined);
    await workspace.close();
    await dropDatabase?.();
  }
}
