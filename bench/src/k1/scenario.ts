import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { IDENTITY_HEADER, signForwardedIdentity, type Identity } from '@salesgraph/auth';
import { createEvent, topics } from '@salesgraph/events';
import { createKafkaBus } from '@salesgraph/kafka';
import { waitFor } from '@salesgraph/testkit';
import type { BenchConfig } from '../config.js';
import { cnpjFor } from '../g2/seed.js';
import { startSubgraphStack } from '../g2/stack.js';
import type { ScenarioResult } from '../report.js';
import { percentile, round } from '../stats.js';
import { createWorkspace } from '../workspace.js';

const tenant = 'bench-k1';

/**
 * K1: the deals subgraph's AccountSummary projection (consumer group deals.account-summary,
 * fed by accounts company events) on real Kafka and PostgreSQL, in the real deals process.
 * Throughput: BENCH_K1_EVENTS company.created events produced to the topic at once; events/s =
 * events / (last row visible - first event sent). Latency: createCompany on the real accounts
 * subgraph at BENCH_K1_WRITES_PER_SECOND (open loop); write-to-visible = the summary row's
 * commit (a NOTIFY from a bench-only trigger in the bench database) - the write request's send.
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
    await client.query(`create or replace function public.bench_notify_visible() returns trigger language plpgsql as $$ begin perform pg_notify('bench_visible', NEW.id::text); return NEW; end $$`);
    await client.query('create trigger bench_visible after insert on deals.account_summary for each row execute function public.bench_notify_visible()');
    const visibleAt = new Map<string, number>();
    client.on('notification', (message) => {
      if (message.payload && !visibleAt.has(message.payload)) visibleAt.set(message.payload, performance.now());
    });
    await client.query('listen bench_visible');

    // Throughput.
    const bus = createKafkaBus({ brokers: config.KAFKA_BROKERS.split(','), clientId: 'bench-k1', namespace: stack.namespace });
    const producer = await bus.producer();
    const total = config.BENCH_K1_EVENTS;
    const ids = Array.from({ length: total }, () => randomUUID());
    const batches: { key: string; value: string }[][] = [];
    for (let i = 0; i < total; i += 500) {
      batches.push(
        ids.slice(i, i + 500).map((id, j) => {
          const event = createEvent({
            eventType: 'company.created',
            tenantId: tenant,
            aggregateType: 'company',
            aggregateId: id,
            aggregateVersion: 1,
            source: 'accounts',
            actor: null,
            data: { company: { id, legalName: `Bench K1 ${i + j}`, tradeName: null, cnpj: cnpjFor(10_000_000 + i + j), industry: null, employeeCount: 10, segment: 'SMB', ownerId: 'bench', parentId: null } },
          });
          return { key: id, value: JSON.stringify(event) };
        }),
      );
    }
    log(`K1: producing ${total} company.created events`);
    const firstSent = performance.now();
    for (const batch of batches) await producer.send(topics.company, batch);
    const produced = performance.now();
    await waitFor(async () => ids.every((id) => visibleAt.has(id)), { timeoutMs: Math.max(120_000, total * 20), intervalMs: 100, description: `${total} summary rows` });
    const lastVisible = Math.max(...ids.map((id) => visibleAt.get(id) ?? 0));
    const eventsPerSec = total / ((lastVisible - firstSent) / 1000);
    log(`K1: ${total} events applied in ${((lastVisible - firstSent) / 1000).toFixed(1)} s (${eventsPerSec.toFixed(0)} events/s; producing took ${((produced - firstSent) / 1000).toFixed(1)} s)`);
    await producer.disconnect();
    await bus.close();

    // Write-to-visible latency at a constant write rate.
    const identity: Identity = { sub: 'bench-k1', tenant, roles: ['SALES_MANAGER'], scopes: [] };
    const header = await signForwardedIdentity(identity, workspace.identitySecret, 300);
    const writes = Math.round(config.BENCH_K1_WRITES_PER_SECOND * config.BENCH_K1_LATENCY_SECONDS);
    const sentAt = new Map<string, number>();
    let failed = 0;
    const pending: Promise<void>[] = [];
    const start = performance.now();
    for (let i = 0; i < writes; i += 1) {
      const due = start + (i * 1000) / config.BENCH_K1_WRITES_PER_SECOND;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const sent = performance.now();
      pending.push(
        fetch(stack.urls.accounts, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: header },
          body: JSON.stringify({
            query: 'mutation($input: CreateCompanyInput!) { createCompany(input: $input) { company { id } problem { reason } } }',
            variables: { input: { legalName: `Bench K1 write ${i}`, cnpj: cnpjFor(20_000_000 + i), employeeCount: 50 } },
          }),
        })
          .then(async (response) => {
            const body = (await response.json()) as { data?: { createCompany?: { company?: { id: string } } } };
            const id = body.data?.createCompany?.company?.id;
            if (id) sentAt.set(id, sent);
            else failed += 1;
          })
          .catch(() => {
            failed += 1;
          }),
      );
    }
    await Promise.all(pending);
    const achievedRate = writes / ((performance.now() - start) / 1000);
    await waitFor(async () => [...sentAt.keys()].every((id) => visibleAt.has(id)), { timeoutMs: 60_000, intervalMs: 100, description: 'every write to be visible' }).catch(() => undefined);
    const delays = [...sentAt].map(([id, sent]) => (visibleAt.get(id) ?? Number.NaN) - sent).filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
    const invisible = sentAt.size - delays.length;
    const p50 = round(percentile(delays, 50), 1);
    const p99 = round(percentile(delays, 99), 1);
    log(`K1: ${writes} writes at ${achievedRate.toFixed(0)}/s: write-to-visible p50 ${p50} ms, p99 ${p99} ms (${failed} failed writes, ${invisible} not visible)`);
    return {
      entries: { eventsPerSec: round(eventsPerSec, 0), p50, p99 },
      details: { events: total, throughputSeconds: round((lastVisible - firstSent) / 1000, 2), produceSeconds: round((produced - firstSent) / 1000, 2), writes, achievedWritesPerSecond: round(achievedRate, 1), failedWrites: failed, notVisible: invisible, max: round(delays[delays.length - 1] ?? Number.NaN, 1) },
      notes: [
        `Projection: deals.account-summary in the real deals process (one consumer, the topic's default partitions), applying batches of up to 200 events of one partition per transaction with their inbox records, company events set-based (one upsert per run; docs/EVENTS.md, Idempotence). ${total} company.created events produced in batches of 500; events/s counts from the first send to the last row committed.`,
        `Latency: ${writes} createCompany mutations on the real accounts subgraph at ${config.BENCH_K1_WRITES_PER_SECOND}/s (open loop), each through its outbox, the relay, Kafka and the projection; the time runs from sending the mutation to the commit of the summary row (PostgreSQL NOTIFY from a trigger the bench adds to its own database).`,
        `The subgraph processes share core ${config.BENCH_SUBGRAPH_CPUS} with the bench; PostgreSQL and Kafka are not pinned.`,
      ],
    };
  } finally {
    await db.client?.end().catch(() => undefined);
    await workspace.close();
    await dropDatabase?.();
  }
}
