import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { topics } from '@salesgraph/events';
import { uniqueName, waitFor, type RunningService } from '@salesgraph/testkit';
import { cnpjFor } from './fixtures/cnpj.js';
import { gauge } from './fixtures/metrics.js';
import { accountSummaryMismatches, outboxBacklog } from './fixtures/projection-processes.js';
import { RoundRobin, resumingSubscriber, type ResumingSubscriber } from './fixtures/scale-out.js';
import { connectAs, subscribe, subscribing } from './fixtures/subscriptions.js';
import { onceVisible } from './fixtures/visible.js';
import { startStack, type Stack } from './stack.js';

const SUBSCRIBERS = 200;
/** deal.created events written while gateway A is killed (it dies once every subscriber has a few of them), */
const EVENTS_AROUND_KILL = 30;
/** ... then while its subscribers are away (they come back once gateway B has consumed them all), */
const EVENTS_DURING_OUTAGE = 5;
/** ... and once they are back on gateway B. */
const EVENTS_AFTER_RETURN = 15;
const COMPANIES = 150;
const UPDATES_PER_COMPANY = 2;

const createCompany = `mutation($i: CreateCompanyInput!) { createCompany(input: $i) { company { id } problem { reason } } }`;
const updateCompany = `mutation($i: UpdateCompanyInput!) { updateCompany(input: $i) { problem { reason } } }`;
const createDeal = `mutation($i: CreateDealInput!) { createDeal(input: $i) { deal { id } problem { reason } eventId } }`;
const dealChanged = `subscription($after: String) { dealChanged(after: $after) { cursor eventId eventType deal { id } } }`;

/**
 * Scale-out (issue 16): two gateways, each over its own process of each of the five subgraphs (each
 * subgraph process runs its outbox relay: two relays per outbox), over real Kafka and
 * PostgreSQL; the test balances requests over the gateways in turn. The tests run in order:
 * gateway A (0) is killed in the second, deals process 0 in the third.
 */
describe('scale-out: two gateways and two processes of each subgraph, instances killed', () => {
  let stack: Stack;
  let balancer: RoundRobin;
  let sql: pg.Client;
  let cnpj = Date.now() % 1_000_000;
  const processNamed = (name: string): RunningService => stack.processes.find((process) => process.name === name)!;
  const newCompany = async (token: string): Promise<string> => {
    const created = await balancer.query(token, createCompany, {
      i: { legalName: `Empresa ${cnpj} Ltda`, cnpj: cnpjFor(++cnpj), employeeCount: 40 },
    });
    assert.equal(created.data?.['createCompany']?.problem, null, JSON.stringify(created));
    return created.data['createCompany'].company.id as string;
  };
  const newDeal = async (token: string, companyId: string, title: string): Promise<string> => {
    const created = await onceVisible(
      () =>
        balancer.query(token, createDeal, { i: { companyId, title, estimatedValue: '1000.00', estimatedLives: 5 } }),
      'createDeal',
    );
    assert.equal(created.data?.['createDeal']?.problem, null, JSON.stringify(created));
    return created.data['createDeal'].eventId as string;
  };
  /** Every deal event of the tenant, once the relays have published everything. */
  const dealEventsOf = async (tenant: string): Promise<string[]> => {
    await waitFor(async () => (await outboxBacklog(sql, 'deals')) === 0, {
      timeoutMs: 60_000,
      description: 'the deals relays to publish every event',
    });
    const rows = await sql.query<{ event_id: string }>(
      `select event_id from deals.outbox where topic = $1 and payload->>'tenantId' = $2`,
      [topics.deal, tenant],
    );
    return rows.rows.map((row) => row.event_id);
  };

  before(async () => {
    stack = await startStack({
      subgraphs: ['accounts', 'deals', 'contracts', 'beneficiaries', 'workflows'],
      instances: 2,
    });
    balancer = new RoundRobin(stack);
    sql = new pg.Client({ connectionString: stack.databaseUrl });
    await sql.connect();
  });

  after(async () => {
    await sql?.end();
    await stack?.stop();
  });

  it('resumes a subscriber of gateway A on gateway B with its last cursor: exactly the events it missed, then live', async () => {
    const tenant = uniqueName('moving');
    const token = await stack.token({ tenant, roles: ['SALES_MANAGER'] });
    const companyId = await newCompany(token);
    const [gatewayA, gatewayB] = stack.gatewayUrls as [string, string];
    const onA = connectAs(gatewayA, token);
    const first = await subscribing(gatewayA, 1, () => subscribe(onA, dealChanged));
    const seen = await newDeal(token, companyId, 'seen on A');
    const [message] = await first.until(1, 'the first deal on A');
    assert.equal(message!.data!['dealChanged'].eventId, seen);
    await onA.dispose();

    const missed = [await newDeal(token, companyId, 'missed 1'), await newDeal(token, companyId, 'missed 2')];
    const onB = connectAs(gatewayB, token);
    const resumed = await subscribing(gatewayB, 1, () =>
      subscribe(onB, dealChanged, { after: message!.data!['dealChanged'].cursor }),
    );
    const live = await newDeal(token, companyId, 'live on B');
    const received = await resumed.until(3, 'the missed deals and the live one on B');
    await onB.dispose();
    assert.deepEqual(received.map((m) => m.data!['dealChanged'].eventType).sort(), Array(3).fill('deal.created'));
    // Two deals land on any partitions: B's order between them is its consumer's, so compare sets.
    assert.deepEqual(received.map((m) => m.data!['dealChanged'].eventId).sort(), [...missed, live].sort());
  });

  it(`moves ${SUBSCRIBERS} subscribers of a SIGKILLed gateway to the other, which resumes each with its cursor: 0 missed, 0 duplicated`, async () => {
    const tenant = uniqueName('failover');
    const token = await stack.token({ tenant, roles: ['SALES_MANAGER'] });
    const companyId = await newCompany(token);
    const [gatewayA, gatewayB] = stack.gatewayUrls as [string, string];
    // The subscribers of A come back once B has consumed what was written while they were away.
    let outageOver = () => {};
    const outage = new Promise<void>((resolve) => (outageOver = resolve));
    const subscribers: ResumingSubscriber[] = await subscribing(gatewayA, SUBSCRIBERS, () =>
      Array.from({ length: SUBSCRIBERS }, () =>
        resumingSubscriber({
          gateways: [gatewayA, gatewayB],
          reconnectAfter: outage,
          token,
          query: dealChanged,
          field: 'dealChanged',
        }),
      ),
    );
    const watching = connectAs(gatewayB, token);
    const watcher = await subscribing(gatewayB, 1, () => subscribe(watching, dealChanged));
    const write = async (count: number, label: string) => {
      for (let i = 0; i < count; i++) await newDeal(token, companyId, `${label} ${i}`);
    };
    try {
      const writing = write(EVENTS_AROUND_KILL, 'around the kill');
      await waitFor(() => subscribers.every((subscriber) => subscriber.eventIds.length >= 3), {
        timeoutMs: 60_000,
        description: 'every subscriber to receive three deals from gateway A',
      });
      await processNamed('gateway').kill();
      await writing;
      await write(EVENTS_DURING_OUTAGE, 'during the outage');
      const beforeReturn = await dealEventsOf(tenant);
      await waitFor(
        () => {
          const seen = new Set(watcher.messages.map((message) => message.data!['dealChanged'].eventId as string));
          return beforeReturn.every((eventId) => seen.has(eventId));
        },
        { timeoutMs: 60_000, description: 'gateway B to consume every deal written so far' },
      );
      outageOver();
      await write(EVENTS_AFTER_RETURN, 'after the return');
      const expected = await dealEventsOf(tenant);
      const complete = (subscriber: ResumingSubscriber) => {
        const received = new Set(subscriber.eventIds);
        return expected.every((eventId) => received.has(eventId));
      };
      await waitFor(() => subscribers.every(complete), {
        timeoutMs: 90_000,
        description: 'every subscriber to have every deal event',
      }).catch(() => undefined); // the counts below say what is missing
      const expectedIds = new Set(expected);
      const writtenBeforeReturn = new Set(beforeReturn);
      let [missed, duplicated, foreign, replayed] = [0, 0, 0, 0];
      for (const subscriber of subscribers) {
        const received = new Set(subscriber.eventIds);
        missed += expected.filter((eventId) => !received.has(eventId)).length;
        duplicated += subscriber.eventIds.length - received.size;
        foreign += [...received].filter((eventId) => !expectedIds.has(eventId)).length;
        replayed += subscriber.eventIds.filter(
          (eventId, i) => subscriber.eventGateways[i] === gatewayB && writtenBeforeReturn.has(eventId),
        ).length;
      }
      const problems = subscribers.flatMap((subscriber) => subscriber.problems);
      const resumedOnB = subscribers.filter((subscriber) => subscriber.servedBy.has(gatewayB)).length;
      console.log(
        `scale-out: ${SUBSCRIBERS} subscribers x ${expected.length} deal events, gateway A SIGKILLed mid-stream; ${resumedOnB} resumed on gateway B with their cursors, ${replayed} events replayed there (written while they were away); missed ${missed}, duplicated ${duplicated}, other ${foreign}, snapshots or errors ${problems.length}`,
      );
      assert.deepEqual(problems.slice(0, 5), [], 'no snapshot, no error');
      assert.equal(missed, 0, 'missed events');
      assert.equal(duplicated, 0, 'duplicated events');
      assert.equal(foreign, 0, 'events of nobody');
      assert.equal(resumedOnB, SUBSCRIBERS, 'every subscriber moved to gateway B');
      assert.ok(
        replayed >= SUBSCRIBERS * EVENTS_DURING_OUTAGE,
        'each replayed at least the events written during the outage',
      );
    } finally {
      outageOver();
      await Promise.all(subscribers.map((subscriber) => subscriber.stop()));
      await watching.dispose();
    }
  });

  it('shares a projection between both deals processes, and hands the partitions of a SIGKILLed one over: nothing lost, nothing applied twice', async () => {
    const token = await stack.token({ tenant: uniqueName('projection'), roles: ['SALES_MANAGER'] });
    const metricsOf = (instance: number) => stack.instanceUrls[instance]!['deals']!.replace('/graphql', '/metrics');
    const applied = (instance: number) =>
      gauge(metricsOf(instance), 'salesgraph_projection_events_applied_total', { consumer: 'deals.account-summary' });
    const before = [(await applied(0)) || 0, (await applied(1)) || 0];
    let written = 0;
    let writtenAtKill = 0;
    let killed = false;
    const kill = (async () => {
      // Once both processes applied events of this test (the group's partitions are shared)
      // and a third of the events are written; the writers wait at two thirds until it is done.
      await waitFor(
        async () =>
          written >= (COMPANIES * (1 + UPDATES_PER_COMPANY)) / 3 &&
          (await applied(0)) > before[0]! &&
          (await applied(1)) > before[1]!,
        { timeoutMs: 60_000, description: 'both deals processes to apply company events' },
      );
      writtenAtKill = written;
      await processNamed('deals').kill();
      killed = true;
    })();
    const worker = async (offset: number, step: number) => {
      for (let i = offset; i < COMPANIES; i += step) {
        if (i >= (COMPANIES * 2) / 3 && !killed) await kill;
        const id = await newCompany(token);
        written++;
        for (let version = 1; version <= UPDATES_PER_COMPANY; version++) {
          const updated = await balancer.query(token, updateCompany, {
            i: { id, version, legalName: `Empresa ${i} v${version + 1}`, employeeCount: 40 + version },
          });
          assert.equal(updated.data?.['updateCompany']?.problem, null, JSON.stringify(updated));
          written++;
        }
      }
    };
    await Promise.all([kill, ...Array.from({ length: 4 }, (_, w) => worker(w, 4))]);

    await waitFor(async () => (await outboxBacklog(sql, 'accounts')) === 0, {
      timeoutMs: 60_000,
      description: 'the accounts relays to publish every event',
    });
    await waitFor(
      async () => (await gauge(metricsOf(1), 'salesgraph_consumer_lag', { consumer: 'deals.account-summary' })) === 0,
      { timeoutMs: 120_000, intervalMs: 250, description: 'the surviving deals process to catch up' },
    );
    assert.equal(await accountSummaryMismatches(sql), 0, 'AccountSummary equals the companies: nothing lost');
    const events = Number((await sql.query('select count(*) as n from accounts.outbox')).rows[0].n);
    const inbox = await sql.query(
      `select count(*)::int as n, count(distinct event_id)::int as d from deals.inbox_event where consumer = 'deals.account-summary'`,
    );
    assert.deepEqual(inbox.rows[0], { n: events, d: events }, 'every company event applied exactly once');
    const versions = await sql.query(
      `select count(*)::int as n from deals.inbox_aggregate a join accounts.company c on c.id = a.aggregate_id
       where a.consumer = 'deals.account-summary' and a.version <> c.version`,
    );
    assert.equal(versions.rows[0].n, 0, 'every company at its last version');
    console.log(
      `scale-out: ${events} company events applied once each by the deals processes, deals process 0 SIGKILLed after ${writtenAtKill} of ${written} writes`,
    );
  });
});
