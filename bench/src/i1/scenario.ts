import pg from 'pg';
import { createKafkaBus, type BusProducer } from '@salesgraph/kafka';
import { waitFor } from '@salesgraph/testkit';
import type { BenchConfig } from '../config.js';
import { startSubgraphStack, type SubgraphStack } from '../g2/stack.js';
import { cpuSeconds, cpuSecondsOfCommand } from '../processes.js';
import type { ScenarioResult } from '../report.js';
import { percentile, round, spread, type Spread, visibilityDelays } from '../stats.js';
import { createWorkspace } from '../workspace.js';
import { benchOrder, publishOrders } from './orders.js';
import { describeStages, stageBreakdown } from './stages.js';
import { publishOrder } from '@salesgraph/intake/client';

const tenant = 'bench-i1';
const rounded = (values: readonly number[], digits = 1): Spread => {
  const { median, min, max } = spread(values);
  return { median: round(median, digits), min: round(min, digits), max: round(max, digits) };
};

/** The order id at the end of a deal title the intake wrote ("… — Pyxis PX-2026-000123"). */
const orderIdOfTitle = (title: string) => title.slice(title.lastIndexOf(' ') + 1);

/** The chain's processes and the servers it uses, whose CPU per order each throughput round reports. */
const chain = ['intake', 'accounts', 'deals', 'postgresql', 'kafka'] as const;
type ChainCpu = Record<(typeof chain)[number], number>;
const cpuOf = (pids: SubgraphStack['pids']): ChainCpu => ({
  intake: cpuSeconds(pids.intake!),
  accounts: cpuSeconds(pids.accounts!),
  deals: cpuSeconds(pids.deals!),
  postgresql: cpuSecondsOfCommand('postgres'),
  kafka: cpuSecondsOfCommand('java'),
});
const describeCpu = (cpu: ChainCpu) => chain.map((name) => `${name} ${cpu[name].toFixed(2)}`).join(', ');

async function throughputRound(
  producer: BusProducer,
  pids: SubgraphStack['pids'],
  first: number,
  total: number,
  visibleAt: Map<string, number>,
) {
  const ids = Array.from({ length: total }, (_, i) => benchOrder(first + i).orderId);
  const cpuBefore = cpuOf(pids);
  const firstSent = performance.now();
  await publishOrders(producer, tenant, first, total);
  const produced = performance.now();
  await waitFor(() => ids.every((id) => visibleAt.has(id)), {
    timeoutMs: Math.max(180_000, total * 40),
    intervalMs: 100,
    description: `${total} deals`,
  });
  const seconds = (Math.max(...ids.map((id) => visibleAt.get(id)!)) - firstSent) / 1000;
  const cpuAfter = cpuOf(pids);
  const cpuMsPerOrder = Object.fromEntries(
    chain.map((name) => [name, round(((cpuAfter[name] - cpuBefore[name]) * 1000) / total, 2)]),
  ) as ChainCpu;
  return { ordersPerSec: total / seconds, seconds, produceSeconds: (produced - firstSent) / 1000, cpuMsPerOrder };
}

/** `count` orders at `perSecond`, each published alone at its due time (open loop). */
async function latencyWindow(
  client: pg.Client,
  producer: BusProducer,
  first: number,
  count: number,
  perSecond: number,
  visibleAt: Map<string, number>,
) {
  const sentAt = new Map<string, number>();
  const sends: Promise<void>[] = [];
  const start = performance.now();
  for (let i = 0; i < count; i += 1) {
    const wait = start + (i * 1000) / perSecond - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const order = benchOrder(first + i);
    sentAt.set(order.orderId, performance.now());
    sends.push(publishOrder(producer, 'pyxis', [{ tenant, ...order }]));
  }
  await Promise.all(sends);
  const achievedPerSecond = count / ((performance.now() - start) / 1000);
  const delays = await visibilityDelays(sentAt, visibleAt, 'every order to become a deal');
  const epoch = (times: ReadonlyMap<string, number>) =>
    new Map([...times].map(([id, at]) => [id, performance.timeOrigin + at]));
  const stages = await stageBreakdown(client, epoch(sentAt), epoch(visibleAt));
  return {
    stages,
    p50: percentile(delays, 50),
    p99: percentile(delays, 99),
    achievedPerSecond,
    notVisible: count - delays.length,
  };
}

/**
 * I1: orders of one adapter (Pyxis) into deals, on real Kafka and PostgreSQL, through the real
 * intake, accounts and deals processes: pyxis.orders -> intake (SalesOrder + outbox) -> accounts
 * (company by CNPJ + origin, company.sales_order_linked) -> deals (the deal). Every order is a new
 * customer. Visible = the deal row's commit (NOTIFY from a trigger the bench adds to its database).
 * Throughput: BENCH_RUNS rounds of BENCH_I1_ORDERS orders, first send to last deal. Latency:
 * BENCH_RUNS windows of BENCH_I1_ORDERS_PER_SECOND orders/s for BENCH_I1_LATENCY_SECONDS, from
 * each order's publication to its deal's commit.
 */
export async function runI1(config: Readonly<BenchConfig>, log: (message: string) => void): Promise<ScenarioResult> {
  const workspace = await createWorkspace('i1');
  let dropDatabase: (() => Promise<void>) | undefined;
  let client: pg.Client | null = null;
  try {
    const stack = await startSubgraphStack(config, workspace, ['accounts', 'deals', 'intake'], config.BENCH_I1_CPUS);
    dropDatabase = () => stack.database.drop();
    client = new pg.Client({ connectionString: stack.database.url });
    await client.connect();
    await client.query(
      `create or replace function public.bench_notify_deal() returns trigger language plpgsql as $$ begin perform pg_notify('bench_deal', NEW.title); return NEW; end $$`,
    );
    await client.query(
      'create trigger bench_deal after insert on deals.deal for each row execute function public.bench_notify_deal()',
    );
    const visibleAt = new Map<string, number>();
    client.on('notification', (message) => {
      const id = message.payload && orderIdOfTitle(message.payload);
      if (id && !visibleAt.has(id)) visibleAt.set(id, performance.now());
    });
    await client.query('listen bench_deal');
    const bus = createKafkaBus({
      brokers: config.KAFKA_BROKERS.split(','),
      clientId: 'bench-i1',
      namespace: stack.namespace,
    });
    const producer = await bus.producer();
    let next = 100_000;
    const total = config.BENCH_I1_ORDERS;
    const rounds = [];
    for (let run = 0; run < config.BENCH_RUNS; run += 1) {
      const result = await throughputRound(producer, stack.pids, next, total, visibleAt);
      next += total;
      log(
        `I1 throughput ${run + 1}/${config.BENCH_RUNS}: ${total} orders into deals in ${result.seconds.toFixed(1)} s (${result.ordersPerSec.toFixed(0)} orders/s; producing took ${result.produceSeconds.toFixed(1)} s; CPU ms per order: ${describeCpu(result.cpuMsPerOrder)})`,
      );
      rounds.push(result);
    }
    const perSecond = config.BENCH_I1_ORDERS_PER_SECOND;
    const count = Math.round(perSecond * config.BENCH_I1_LATENCY_SECONDS);
    const windows = [];
    for (let run = 0; run < config.BENCH_RUNS; run += 1) {
      const result = await latencyWindow(client, producer, next, count, perSecond, visibleAt);
      next += count;
      log(
        `I1 latency ${run + 1}/${config.BENCH_RUNS}: ${count} orders at ${result.achievedPerSecond.toFixed(0)}/s: published-to-deal p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms (${result.notVisible} not visible); p50 / p99 per hop: ${describeStages(result.stages)}`,
      );
      windows.push(result);
    }
    await producer.disconnect();
    await bus.close();
    const ordersPerSec = rounded(
      rounds.map((result) => result.ordersPerSec),
      0,
    );
    const p50 = rounded(windows.map((result) => result.p50));
    const p99 = rounded(windows.map((result) => result.p99));
    return {
      entries: { ordersPerSec: ordersPerSec.median, p50: p50.median, p99: p99.median },
      details: {
        ordersPerSec,
        p50,
        p99,
        orders: total,
        latencyOrders: count,
        ordersPerSecondOffered: perSecond,
        notVisible: windows.reduce((sum, result) => sum + result.notVisible, 0),
        stages: windows.map((result) => result.stages),
        cpuMsPerOrder: rounds.map((result) => result.cpuMsPerOrder),
      },
      notes: [
        `Chain: pyxis.orders -> intake (SalesOrder, outbox) -> intake.sales_order.events -> accounts (company by CNPJ with its origin, outbox) -> accounts.company.events -> deals (the deal): three transactions, three relays, four Kafka hops; every order a new customer (a company created too). Throughput: ${config.BENCH_RUNS} round(s) of ${total} orders published in batches of 500, first send to last deal committed; median ${ordersPerSec.median} (${ordersPerSec.min}–${ordersPerSec.max}) orders/s.`,
        `Latency: ${config.BENCH_RUNS} window(s) of ${count} orders at ${perSecond}/s (open loop), from publishing the order to the commit of its deal: p50 ${p50.median} (${p50.min}–${p50.max}) ms, p99 ${p99.median} (${p99.min}–${p99.max}) ms.`,
        `Where the time goes (p50 / p99 per hop of the last window's orders, from PostgreSQL's clocks: a transaction's start, a relay pass's start): ${describeStages(windows[windows.length - 1]!.stages)}.`,
        `CPU ms per order of the chain's processes and of the servers (user + system from /proc over each throughput round; PostgreSQL: every postgres process, Kafka: the broker's JVM — other work on the machine counts too): ${rounds.map((result) => describeCpu(result.cpuMsPerOrder)).join(' | ')}.`,
        config.BENCH_I1_CPUS === undefined
          ? 'Nothing is pinned: the three processes, the bench, PostgreSQL and Kafka share the machine (BENCH_I1_CPUS pins the three).'
          : `The three processes run on core(s) ${config.BENCH_I1_CPUS} (BENCH_I1_CPUS); the bench, PostgreSQL and Kafka are not pinned.`,
      ],
    };
  } finally {
    await client?.end().catch(() => undefined);
    await workspace.close();
    await dropDatabase?.();
  }
}
