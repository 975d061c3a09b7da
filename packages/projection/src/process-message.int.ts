import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createEvent, type EventEnvelope } from '@salesgraph/events';
import { companyCreated as companyCreatedEvent } from '@salesgraph/events/testing';
import {
  createKafkaBus,
  readTopics,
  type BusMessage,
  type BusProducer,
  type MessageBus,
  type TopicReader,
} from '@salesgraph/kafka';
import { createOrm, type Orm } from '@salesgraph/orm';
import { createTestDatabase, testKafkaBrokers, uniqueName, waitFor, type TestDatabase } from '@salesgraph/testkit';
import { inboxDdl, inboxUpgradeDdl } from './inbox.ddl.js';
import { processMessage, setBased, type EventHandlers, type ProjectionDeps } from './process-message.js';
import { processBatch } from './process-batch.js';

const SCHEMA = 'projtest';
const TOPIC = 'accounts.company.events';

describe('processMessage and processBatch on real PostgreSQL, dead letters on real Kafka', () => {
  let db: TestDatabase;
  let orm: Orm;
  let bus: MessageBus;
  let dlq: BusProducer;
  let dlqReader: TopicReader;
  let failuresLeft = 0;
  let databaseDown = false;
  let handlerCalls = 0;
  /** Events whose handler always fails (poison for the batch tests). */
  const poison = new Set<string>();

  const handlers: EventHandlers = {
    'company.created': async (em, event) => {
      handlerCalls++;
      if (poison.has(event.eventId)) throw new Error('poisoned event');
      if (databaseDown) throw Object.assign(new Error('sorry, too many clients already'), { code: '53300' });
      await em.execute(`insert into ${SCHEMA}.applied (event_id, tenant_id) values (?, ?)`, [
        event.eventId,
        event.tenantId,
      ]);
      if (failuresLeft > 0) {
        failuresLeft--;
        throw new Error('transient failure after a write');
      }
    },
  };
  const deps = (): ProjectionDeps => ({
    consumer: 'projtest.companies',
    schema: SCHEMA,
    em: orm.em,
    handlers,
    dlq,
    maxAttempts: 3,
  });
  const companyCreated = (id = randomUUID(), version = 1, tenant = 'tenant-a') =>
    companyCreatedEvent({ tenant, version, company: { id, legalName: 'Acme' } });
  /** company.erased of a company nobody has seen (at version 3). */
  const companyErased = (tenantId: string) =>
    createEvent({
      eventType: 'company.erased',
      tenantId,
      aggregateType: 'company',
      aggregateId: randomUUID(),
      aggregateVersion: 3,
      source: 'accounts',
      actor: null,
      data: { companyId: randomUUID() },
    });
  let offset = 0;
  const asMessage = (value: string | EventEnvelope): BusMessage => ({
    topic: TOPIC,
    partition: 0,
    offset: String(offset++),
    key: 'k',
    value: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
    headers: {},
  });
  const appliedCount = async () =>
    Number((await orm.em.fork().execute<{ n: string }[]>(`select count(*) as n from ${SCHEMA}.applied`))[0]!.n);

  before(async () => {
    db = await createTestDatabase('sg_projection');
    orm = await createOrm({ databaseUrl: db.url, schema: SCHEMA, entities: [], migrations: [] });
    const connection = orm.em.getConnection();
    await connection.execute(`create schema ${SCHEMA}`);
    for (const sql of [...inboxDdl(SCHEMA), ...inboxUpgradeDdl(SCHEMA)]) await connection.execute(sql);
    await connection.execute(`create table ${SCHEMA}.applied (event_id uuid primary key, tenant_id text not null)`);
    const namespace = uniqueName('projtest');
    bus = createKafkaBus({ brokers: [testKafkaBrokers()], clientId: 'projection-test', namespace });
    await bus.ensureTopics([`${TOPIC}.dlq`]);
    dlq = await bus.producer();
    dlqReader = await readTopics(bus, [`${TOPIC}.dlq`], 'dlq-reader');
  });

  after(async () => {
    await dlqReader?.stop();
    await dlq?.disconnect();
    await bus?.close();
    await orm?.close(true);
    await db?.drop();
  });

  it('applies an event once; redelivery and an older version of the aggregate are duplicates', async () => {
    const id = randomUUID();
    const v2 = companyCreated(id, 2);
    assert.equal(await processMessage(deps(), asMessage(v2)), 'applied');
    assert.equal(await processMessage(deps(), asMessage(v2)), 'duplicate');
    assert.equal(await processMessage(deps(), asMessage(companyCreated(id, 1))), 'duplicate');
    assert.equal(await appliedCount(), 1);
  });

  it('keeps aggregate versions per tenant, so another tenant reusing an id cannot block the real one', async () => {
    const id = randomUUID();
    assert.equal(await processMessage(deps(), asMessage(companyCreated(id, 5, 'tenant-intruder'))), 'applied');
    assert.equal(await processMessage(deps(), asMessage(companyCreated(id, 1, 'tenant-b'))), 'applied');
  });

  it('ignores event types the projection does not handle', async () => {
    const event = companyErased('t');
    assert.equal(await processMessage(deps(), asMessage(event)), 'ignored');
  });

  it('sends malformed and schema-invalid messages to the dead-letter topic at once, with the reason', async () => {
    const before = dlqReader.messages.length;
    assert.equal(await processMessage(deps(), asMessage('{not json')), 'dead-lettered');
    const invalid = { ...companyCreated(), data: { company: { id: 'nope' } } };
    assert.equal(await processMessage(deps(), asMessage(invalid)), 'dead-lettered');
    const letters = await waitFor(
      () => (dlqReader.messages.length >= before + 2 ? dlqReader.messages.slice(before) : undefined),
      {
        description: 'two dead letters',
      },
    );
    assert.equal(letters[0]!.headers['x-dlq-reason'], 'malformed JSON');
    assert.match(letters[1]!.headers['x-dlq-reason']!, /data\.company\.id/);
    assert.equal(letters[1]!.headers['x-dlq-consumer'], 'projtest.companies');
    assert.equal(letters[1]!.value!.toString('utf8'), JSON.stringify(invalid));
  });

  it('retries a failing handler, rolling back each failed attempt, then applies it', async () => {
    failuresLeft = 2;
    handlerCalls = 0;
    const before = await appliedCount();
    assert.equal(await processMessage(deps(), asMessage(companyCreated())), 'applied');
    assert.equal(handlerCalls, 3);
    assert.equal(await appliedCount(), before + 1);
  });

  it('does not dead-letter an event while the database is unreachable: the delivery fails so it is redelivered', async () => {
    databaseDown = true;
    const lettersBefore = dlqReader.messages.length;
    const event = companyCreated();
    await assert.rejects(processMessage(deps(), asMessage(event)), /too many clients/);
    databaseDown = false;
    assert.equal(await processMessage(deps(), asMessage(event)), 'applied');
    assert.equal(
      dlqReader.messages.slice(lettersBefore).some((m) => m.value!.toString('utf8').includes(event.eventId)),
      false,
    );
  });

  it('dead-letters an event whose handler keeps failing after the bounded attempts, persisting nothing', async () => {
    failuresLeft = 100;
    handlerCalls = 0;
    const before = await appliedCount();
    const lettersBefore = dlqReader.messages.length;
    const event = companyCreated();
    assert.equal(await processMessage(deps(), asMessage(event)), 'dead-lettered');
    assert.equal(handlerCalls, 3);
    assert.equal(await appliedCount(), before);
    const inbox = await orm.em
      .fork()
      .execute(`select 1 from ${SCHEMA}.inbox_event where event_id = ?`, [event.eventId]);
    assert.equal(inbox.length, 0);
    const letter = await waitFor(
      () => dlqReader.messages.slice(lettersBefore).find((m) => m.value!.toString('utf8').includes(event.eventId)),
      { description: 'the dead letter' },
    );
    assert.equal(letter.headers['x-dlq-attempts'], '3');
    assert.match(letter.headers['x-dlq-reason']!, /transient failure/);
    failuresLeft = 0;
  });

  const appliedIds = async (events: readonly EventEnvelope[]) =>
    (
      await orm.em
        .fork()
        .execute<
          { event_id: string }[]
        >(`select event_id from ${SCHEMA}.applied where event_id = any(string_to_array(?, ',')::uuid[])`, [events.map((e) => e.eventId).join(',')])
    ).map((r) => r.event_id);

  it('applies a batch by the same rules: a repeated id, an older version and a redelivered batch are duplicates', async () => {
    const a = randomUUID();
    const b = randomUUID();
    const a1 = companyCreated(a, 1);
    const a2 = companyCreated(a, 2);
    const b1 = companyCreated(b, 1, 'tenant-b');
    const olderA = companyCreated(a, 1);
    const batch = [a1, a2, a2, b1, olderA].map(asMessage);
    const applied: string[] = [];
    handlerCalls = 0;
    await processBatch({ ...deps(), onApplied: (event) => applied.push(event.eventId) }, batch);
    assert.deepEqual(applied, [a1.eventId, a2.eventId, b1.eventId]);
    assert.equal(handlerCalls, 3);
    assert.deepEqual((await appliedIds([a1, a2, b1, olderA])).sort(), [a1.eventId, a2.eventId, b1.eventId].sort());
    await processBatch(deps(), batch);
    assert.equal(handlerCalls, 3, 'the redelivered batch applies nothing');
    const versions = await orm.em
      .fork()
      .execute<
        { aggregate_id: string; version: number }[]
      >(`select aggregate_id, version from ${SCHEMA}.inbox_aggregate where aggregate_id in (?, ?) order by version`, [a, b]);
    assert.deepEqual(
      versions.map((row) => [row.aggregate_id, row.version]),
      [
        [b, 1],
        [a, 2],
      ],
    );
  });

  it('in a batch with a malformed message and a poisoned event, dead-letters those two and applies every other event once', async () => {
    const good = [companyCreated(), companyCreated(), companyCreated(randomUUID(), 1, 'tenant-b'), companyCreated()];
    const bad = companyCreated();
    poison.add(bad.eventId);
    const lettersBefore = dlqReader.messages.length;
    await processBatch(deps(), [
      asMessage(good[0]!),
      asMessage('{broken'),
      asMessage(good[1]!),
      asMessage(bad),
      asMessage(good[2]!),
      asMessage(good[3]!),
    ]);
    poison.delete(bad.eventId);
    assert.deepEqual((await appliedIds([...good, bad])).sort(), good.map((e) => e.eventId).sort());
    const letters = await waitFor(
      () => (dlqReader.messages.length >= lettersBefore + 2 ? dlqReader.messages.slice(lettersBefore) : undefined),
      { description: 'two dead letters' },
    );
    assert.deepEqual(letters.map((m) => m.headers['x-dlq-reason']!.slice(0, 14)).sort(), [
      'company.create',
      'malformed JSON',
    ]);
    const inbox = await orm.em.fork().execute(`select 1 from ${SCHEMA}.inbox_event where event_id = ?`, [bad.eventId]);
    assert.equal(inbox.length, 0, 'nothing of the poisoned event persists');
  });

  it('fails the whole batch while the database is unreachable, so it is redelivered, and applies it afterwards', async () => {
    const events = [companyCreated(), companyCreated()];
    databaseDown = true;
    await assert.rejects(processBatch(deps(), events.map(asMessage)), /too many clients/);
    databaseDown = false;
    assert.deepEqual(await appliedIds(events), []);
    await processBatch(deps(), events.map(asMessage));
    assert.equal((await appliedIds(events)).length, 2);
  });

  it('hands a set-based handler each run of consecutive events of its type at once, and a single delivery as a run of one', async () => {
    const runs: number[] = [];
    const setHandlers: EventHandlers = {
      'company.created': setBased(async (em, events) => {
        runs.push(events.length);
        await em.execute(
          `insert into ${SCHEMA}.applied (event_id, tenant_id) select id, ? from unnest(string_to_array(?, ',')::uuid[]) as id`,
          [events[0]!.tenantId, events.map((event) => event.eventId).join(',')],
        );
      }),
    };
    const setDeps = (): ProjectionDeps => ({ ...deps(), consumer: 'projtest.set-based', handlers: setHandlers });
    const erased = companyErased('tenant-a');
    const first = [companyCreated(), companyCreated(), companyCreated()];
    const second = [companyCreated(), companyCreated()];
    await processBatch(setDeps(), [...first, erased, ...second].map(asMessage));
    assert.deepEqual(runs, [5], 'an event type without a handler does not split the run');
    const other = [companyCreated(randomUUID(), 1, 'tenant-b')];
    await processBatch(setDeps(), [...first.map(asMessage), asMessage(other[0]!)]);
    assert.deepEqual(runs, [5, 1], 'redelivered events are not handed over again; another tenant is its own run');
    const single = companyCreated();
    assert.equal(await processMessage(setDeps(), asMessage(single)), 'applied');
    assert.deepEqual(runs, [5, 1, 1]);
    assert.equal((await appliedIds([...first, ...second, ...other, single])).length, 7);
  });
});
