import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { dlqTopicFor, topics } from '@salesgraph/events';
import { companyCreated } from '@salesgraph/events/testing';
import { createKafkaBus, readTopics, type BusProducer, type MessageBus, type TopicReader } from '@salesgraph/kafka';
import { createTestDatabase, testKafkaBrokers, uniqueName, waitFor, type TestDatabase } from '@salesgraph/testkit';
import {
  accountSummaryMismatches,
  companyInput,
  consumerLag,
  createCompanyMutation,
  outboxBacklog,
  payloadOf,
  startSubgraph,
  subgraphCaller,
  updateCompanyMutation,
  type ProcessEnv,
  type SubgraphProcess,
} from './fixtures/projection-processes.js';

const COMPANIES = 500;
const REAL_EVENTS = COMPANIES * 2;
const CONSUMER = 'deals.account-summary';
const TOPIC = topics.company;

interface Poison {
  readonly kind: string;
  readonly value: string;
  /** How many times the projection may try it: 1 for what cannot be parsed, 3 when its handler fails. */
  readonly attempts: string;
  readonly reason: RegExp;
}

/** A company event the schema accepts but the projection can never apply (the tenant id does not fit the inbox column). */
function unprocessable(): string {
  return JSON.stringify(companyCreated({ tenant: 't'.repeat(80), company: { legalName: 'Impossível' } }));
}

function poison(n: number): Poison {
  const valid = {
    eventId: randomUUID(),
    eventType: 'company.updated',
    tenantId: 'poison',
    aggregateType: 'company',
    aggregateId: randomUUID(),
    aggregateVersion: 2,
    occurredAt: new Date().toISOString(),
    source: 'accounts',
    schemaVersion: 1,
    actor: null,
    traceparent: null,
  };
  const kinds: Poison[] = [
    {
      kind: 'truncated JSON',
      value: `{"eventId":"${randomUUID()}","eventType":"company.crea`,
      attempts: '1',
      reason: /^malformed JSON$/,
    },
    {
      kind: 'not an envelope',
      value: JSON.stringify({ hello: 'world', n }),
      attempts: '1',
      reason: /^Invalid event: .*eventId/,
    },
    {
      kind: 'unknown event type',
      value: JSON.stringify({ ...valid, eventType: 'company.exploded', data: {} }),
      attempts: '1',
      reason: /unknown event type company\.exploded/,
    },
    {
      kind: 'data not matching the schema',
      value: JSON.stringify({ ...valid, data: { company: { id: 'not-a-uuid' }, changed: [] } }),
      attempts: '1',
      reason: /data\.company\.id/,
    },
    {
      kind: 'aggregate id not a uuid',
      value: JSON.stringify({ ...valid, aggregateId: 'company-1', data: {} }),
      attempts: '1',
      reason: /aggregateId/,
    },
    {
      kind: 'handler fails every attempt',
      value: unprocessable(),
      attempts: '3',
      reason: /company\.created [0-9a-f-]{36} failed: .*too long/,
    },
  ];
  return kinds[n % kinds.length]!;
}

/**
 * Poison messages (issue 4): 1 % malformed or schema-invalid messages mixed into the namespaced
 * accounts.company.events, between the real events the accounts process publishes. The deals
 * AccountSummary consumer must put every one in accounts.company.events.dlq (after at most 3
 * attempts, with the reason), reach zero lag, and apply every valid event.
 */
describe('poison messages in a projection topic', () => {
  let db: TestDatabase;
  let sql: pg.Client;
  let env: ProcessEnv;
  let bus: MessageBus;
  let producer: BusProducer;
  let dlqReader: TopicReader;
  let accounts: SubgraphProcess;
  let deals: SubgraphProcess;
  const tenant = uniqueName('tenant');
  const lettersOf = (consumer: string) =>
    dlqReader.messages.filter((message) => message.headers['x-dlq-consumer'] === consumer);

  before(async () => {
    db = await createTestDatabase('sg_poison');
    env = { databaseUrl: db.url, brokers: testKafkaBrokers(), namespace: uniqueName('poison') };
    accounts = await startSubgraph('accounts', env);
    deals = await startSubgraph('deals', env);
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
    bus = createKafkaBus({ brokers: [env.brokers], clientId: 'poison-test', namespace: env.namespace });
    await bus.ensureTopics([TOPIC, dlqTopicFor(TOPIC)]);
    producer = await bus.producer();
    dlqReader = await readTopics(bus, [dlqTopicFor(TOPIC)], 'poison-test.dlq-reader');
  });

  after(async () => {
    await dlqReader?.stop();
    await producer?.disconnect();
    await bus?.close();
    await deals?.stop();
    await accounts?.stop();
    await sql?.end();
    await db?.drop();
  });

  it('dead-letters every one of 1 % poison messages with its reason, reaches zero lag and applies every valid event', async () => {
    const call = subgraphCaller(accounts.url, { tenant, roles: ['SALES_MANAGER'] });
    const injected: Poison[] = [];
    let written = 0;
    const worker = async (offset: number, step: number) => {
      for (let n = offset; n < COMPANIES; n += step) {
        const created = payloadOf(await call(createCompanyMutation, { i: companyInput(40_000 + n) }), 'createCompany');
        payloadOf(
          await call(updateCompanyMutation, {
            i: { id: created['company'].id, version: 1, legalName: `Empresa ${n} Atualizada` },
          }),
          'updateCompany',
        );
        written += 2;
        // One poison message per 100 real events, sent while the real ones stream.
        while (injected.length < Math.floor(written / 100)) {
          const next = poison(injected.length);
          injected.push(next);
          await producer.send(TOPIC, [{ key: randomUUID(), value: next.value }]);
        }
      }
    };
    await Promise.all(Array.from({ length: 4 }, (_, w) => worker(w, 4)));
    assert.equal(injected.length, REAL_EVENTS / 100);

    await waitFor(async () => (await outboxBacklog(sql, 'accounts')) === 0, {
      description: 'the relay to publish every real event',
      timeoutMs: 60_000,
    });
    await waitFor(async () => (await consumerLag(deals, CONSUMER)) === 0, {
      description: 'the consumer lag to return to 0',
      timeoutMs: 60_000,
      intervalMs: 200,
    });
    await waitFor(
      async () =>
        (await bus.lag('poison-test.dlq-reader', [dlqTopicFor(TOPIC)])).every((entry) => entry.lag === 0) &&
        lettersOf(CONSUMER).length >= injected.length,
      {
        description: 'every dead letter to be read',
        timeoutMs: 30_000,
      },
    );

    // Every consumer group of the topic (deals.sales-order-deals reads it too) dead-letters what it
    // cannot parse; none of them may dead-letter a real event.
    const poisonValues = new Set(injected.map((poison) => poison.value));
    assert.deepEqual(
      dlqReader.messages.filter((message) => !poisonValues.has(message.value?.toString('utf8') ?? '')),
      [],
      'no real event is a dead letter, for any consumer',
    );
    const letters = lettersOf(CONSUMER);
    assert.equal(letters.length, injected.length, `exactly the poison messages are ${CONSUMER}'s dead letters`);
    for (const expected of injected) {
      const letter = letters.find((message) => message.value?.toString('utf8') === expected.value);
      assert.ok(letter, `${expected.kind} is in the dead-letter topic unchanged`);
      assert.equal(letter.headers['x-dlq-consumer'], CONSUMER, expected.kind);
      assert.equal(letter.headers['x-dlq-attempts'], expected.attempts, expected.kind);
      assert.ok(Number(letter.headers['x-dlq-attempts']) <= 3);
      assert.match(letter.headers['x-dlq-reason'] ?? '', expected.reason, expected.kind);
      assert.match(
        letter.headers['x-dlq-source'] ?? '',
        new RegExp(`^${TOPIC.replaceAll('.', '\\.')}/\\d+/\\d+$`),
        expected.kind,
      );
    }

    assert.equal(
      await accountSummaryMismatches(sql),
      0,
      'every valid event applied: the projection equals accounts.company',
    );
    const applied = await sql.query(`select count(*)::int as n from deals.inbox_event where consumer = $1`, [CONSUMER]);
    assert.equal(applied.rows[0].n, REAL_EVENTS, 'each real event applied once, no poison recorded');
    const poisonTenant = await sql.query(`select count(*)::int as n from deals.account_summary where tenant_id <> $1`, [
      tenant,
    ]);
    assert.equal(poisonTenant.rows[0].n, 0, 'nothing of the poison reached the projection');
    console.log(
      `poison: ${REAL_EVENTS} real events and ${injected.length} poison messages; ${dlqReader.messages.length} dead letters (${injected.filter((p) => p.attempts === '3').length} after 3 attempts), lag 0`,
    );
  });
});
