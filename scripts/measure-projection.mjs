#!/usr/bin/env node
// Measures one projection (deals.account-summary) on the real Kafka broker and PostgreSQL:
//
//   node scripts/measure-projection.mjs [--events 20000] [--rate 20] [--seconds 30]
//
// 1. Throughput: --events company events (created + updated, 3 partitions) are produced to a
//    fresh namespace first; then one projection consumer (createProjectionConsumer, the code the
//    deals process runs) starts and is timed from start to zero lag: events/s = applied / time.
// 2. Write-to-visible: real accounts and deals processes; createCompany through the accounts
//    HTTP API at --rate writes/s (open loop) for --seconds; latency = the moment a poller (every
//    5 ms) first sees the event in deals.inbox_event, committed with the AccountSummary row,
//    minus the moment the mutation's response (its commit) arrived. Prints p50/p90/p99/max.
// Needs the build (npx tsc -b subgraphs/accounts subgraphs/deals) and a broker (npm run kafka:start).
// Creates and drops its own database; its topics live under a fresh namespace.
import { randomUUID } from 'node:crypto';
import { loadavg, cpus } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createEvent, topics } from '@salesgraph/events';
import { createKafkaBus } from '@salesgraph/kafka';
import { createOrm, migrateSchema } from '@salesgraph/orm';
import { OutboxMessage } from '@salesgraph/outbox';
import { createProjectionConsumer } from '@salesgraph/projection';
import { cnpjFor } from '@salesgraph/seed';
import {
  createTestDatabase,
  graphqlRequestAs,
  startSubgraphProcess,
  subgraphTestEnv,
  testKafkaBrokers,
  uniqueName,
} from '@salesgraph/testkit';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '20000' },
    rate: { type: 'string', default: '20' },
    seconds: { type: 'string', default: '30' },
  },
});
const EVENTS = Number(values.events);
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);
const brokers = testKafkaBrokers();
const tenant = 'measure';
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
console.log(
  `machine: ${cpus().length} cores, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);

const db = await createTestDatabase('sg_measure');
try {
  // 1. Throughput through one projection consumer.
  const namespace = uniqueName('measure');
  const bus = createKafkaBus({ brokers: [brokers], clientId: 'measure-projection', namespace });
  const producer = await bus.producer();
  await bus.ensureTopics([topics.company, topics.contact]);
  const companies = Math.ceil(EVENTS / 2);
  for (let i = 0; i < companies; i += 500) {
    const batch = [];
    for (let j = i; j < Math.min(companies, i + 500); j++) {
      const id = randomUUID();
      const company = {
        id,
        legalName: `Empresa ${j}`,
        tradeName: null,
        cnpj: cnpjFor(j),
        industry: null,
        employeeCount: 10,
        segment: 'SMB',
        ownerId: 'rep',
        parentId: null,
      };
      const common = { tenantId: tenant, aggregateType: 'company', aggregateId: id, source: 'accounts', actor: null };
      batch.push(createEvent({ ...common, eventType: 'company.created', aggregateVersion: 1, data: { company } }));
      batch.push(
        createEvent({
          ...common,
          eventType: 'company.updated',
          aggregateVersion: 2,
          data: { company: { ...company, legalName: `Empresa ${j} S.A.` }, changed: ['legalName'] },
        }),
      );
    }
    await producer.send(
      topics.company,
      batch.map((event) => ({ key: event.aggregateId, value: JSON.stringify(event) })),
    );
  }
  const deals = (file) => import(pathToFileURL(join(root, 'subgraphs', 'deals', 'dist', file)).href);
  const [{ entities }, { migrations }, { projections }] = await Promise.all([
    deals('schema.js'),
    deals('migrations/index.js'),
    deals('projections.js'),
  ]);
  const orm = await createOrm({
    databaseUrl: db.url,
    schema: 'deals',
    entities: [...entities, OutboxMessage],
    migrations,
  });
  await migrateSchema(orm, 'deals');
  let applied = 0;
  const consumer = createProjectionConsumer({
    definition: projections.find((p) => p.name === 'deals.account-summary'),
    bus,
    em: orm.em,
    schema: 'deals',
    onApplied: () => applied++,
  });
  const started = performance.now();
  await consumer.start();
  while ((await consumer.lag()).reduce((sum, entry) => sum + entry.lag, 0) > 0)
    await new Promise((done) => setTimeout(done, 50));
  const seconds = (performance.now() - started) / 1000;
  await consumer.stop();
  await producer.disconnect();
  await bus.close();
  await orm.close(true);
  console.log(
    `throughput: ${applied} events applied by deals.account-summary in ${seconds.toFixed(1)} s = ${Math.round(applied / seconds)} events/s (one consumer, 3 partitions, includes the group join)`,
  );

  // 2. Write-to-visible latency through the real processes.
  const env = { ...subgraphTestEnv(db.url, uniqueName('measure')), LOG_LEVEL: 'warn' };
  const start = async (name) => {
    const service = await startSubgraphProcess(name, env);
    return { service, url: service.url };
  };
  const sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
  await sql.query('drop schema deals cascade'); // the deals process migrates a fresh one
  const accounts = await start('accounts');
  const dealsProcess = await start('deals');
  const pending = new Map(); // eventId -> committed at
  const latencies = [];
  let polling = true;
  const poller = (async () => {
    while (polling || pending.size > 0) {
      if (pending.size > 0) {
        const ids = [...pending.keys()];
        const { rows } = await sql.query(
          `select event_id from deals.inbox_event where consumer = 'deals.account-summary' and event_id = any($1::uuid[])`,
          [ids],
        );
        const now = performance.now();
        for (const row of rows) {
          latencies.push(now - pending.get(row.event_id));
          pending.delete(row.event_id);
        }
      }
      await new Promise((done) => setTimeout(done, 5));
    }
  })();
  const writes = [];
  const t0 = performance.now();
  for (let i = 0; i < RATE * SECONDS; i++) {
    const due = t0 + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((done) => setTimeout(done, wait));
    writes.push(
      (async () => {
        const response = await graphqlRequestAs(
          accounts.url,
          { tenant, roles: ['SALES_MANAGER'] },
          `mutation($i: CreateCompanyInput!) { createCompany(input: $i) { eventId problem { reason } } }`,
          { i: { legalName: `Latência ${i}`, cnpj: cnpjFor(50_000_000 + i), employeeCount: 5 } },
        );
        const eventId = response.data?.createCompany?.eventId;
        if (!eventId) throw new Error(`createCompany failed: ${JSON.stringify(response)}`);
        pending.set(eventId, performance.now());
      })(),
    );
  }
  await Promise.all(writes);
  const deadline = performance.now() + 60_000;
  while (pending.size > 0 && performance.now() < deadline) await new Promise((done) => setTimeout(done, 50));
  polling = false;
  const unseen = pending.size;
  pending.clear();
  await poller;
  // Where the time goes, from the database's own clocks: the outbox row's commit (created_at) to
  // the start of the relay pass that published it (published_at), and from there to the start of
  // the consumer transaction that applied it (inbox applied_at).
  const {
    rows: [stages],
  } = await sql.query(
    `
    select percentile_cont(array[0.5, 0.99]) within group (order by extract(epoch from o.published_at - o.created_at) * 1000) as relay,
           percentile_cont(array[0.5, 0.99]) within group (order by extract(epoch from i.applied_at - o.published_at) * 1000) as consumer
      from accounts.outbox o join deals.inbox_event i on i.event_id = o.event_id and i.consumer = 'deals.account-summary'
     where o.payload->>'tenantId' = $1`,
    [tenant],
  );
  const pair = (values) => values.map((v) => `${Number(v).toFixed(0)} ms`).join(' / ');
  console.log(
    `stages p50 / p99: commit -> relay pass ${pair(stages.relay)}; relay pass -> consumer transaction ${pair(stages.consumer)}`,
  );
  await dealsProcess.service.stop();
  await accounts.service.stop();
  await sql.end();
  latencies.sort((a, b) => a - b);
  const ms = (p) => `${percentile(latencies, p).toFixed(0)} ms`;
  console.log(
    `write-to-visible at ${RATE} writes/s for ${SECONDS} s: ${latencies.length} samples${unseen ? ` (${unseen} not visible after 60 s)` : ''}; p50 ${ms(50)}, p90 ${ms(90)}, p99 ${ms(99)}, max ${ms(100)}`,
  );
} finally {
  await db.drop();
}
console.log(
  `load average after: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
