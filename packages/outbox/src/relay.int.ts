import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createKafkaBus, readTopics, type BusProducer, type MessageBus, type TopicReader } from '@salesgraph/kafka';
import { createTestDatabase, testKafkaBrokers, uniqueName, waitFor, type TestDatabase } from '@salesgraph/testkit';
import { outboxDdl } from './outbox.ddl.js';
import { createOutboxRelay, type OutboxRelay } from './relay.js';

const SCHEMA = 'relaytest';
const TOPIC = 'relaytest.thing.events';

describe('the outbox relay on real PostgreSQL and Kafka', () => {
  let db: TestDatabase;
  let sql: pg.Client;
  let bus: MessageBus;
  let producers: BusProducer[] = [];
  let reader: TopicReader;

  const relay = async (): Promise<OutboxRelay> => {
    const producer = await bus.producer();
    producers.push(producer);
    const created = createOutboxRelay({ databaseUrl: db.url, schema: SCHEMA, producer, batchSize: 50, idleMs: 100 });
    await created.start();
    return created;
  };
  const write = async (aggregates: string[], perAggregate: number) => {
    for (let version = 1; version <= perAggregate; version++) {
      await sql.query('begin');
      for (const id of aggregates) {
        await sql.query(
          `insert into ${SCHEMA}.outbox (event_id, topic, message_key, payload) values ($1, $2, $3, $4)`,
          [randomUUID(), TOPIC, id, JSON.stringify({ id, version })],
        );
      }
      await sql.query('commit');
    }
  };
  const versionsOf = (id: string) =>
    reader.messages
      .filter((m) => m.key === id)
      .map((m) => (JSON.parse(m.value!.toString('utf8')) as { version: number }).version);

  before(async () => {
    db = await createTestDatabase('sg_relay');
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
    await sql.query(`create schema ${SCHEMA}`);
    for (const ddl of outboxDdl(SCHEMA)) await sql.query(ddl);
    bus = createKafkaBus({ brokers: [testKafkaBrokers()], clientId: 'relay-test', namespace: uniqueName('relay') });
    await bus.ensureTopics([TOPIC]);
    reader = await readTopics(bus, [TOPIC], 'reader');
  });

  after(async () => {
    await reader?.stop();
    for (const producer of producers) await producer.disconnect().catch(() => undefined);
    await bus?.close();
    await sql?.end();
    await db?.drop();
  });

  it('publishes every committed row once, in order per aggregate, with four relays running at once', async () => {
    const relays = [await relay(), await relay(), await relay(), await relay()];
    const aggregates = Array.from({ length: 20 }, () => randomUUID());
    await write(aggregates, 30);
    await waitFor(() => reader.messages.length >= 600, { description: '600 published messages', timeoutMs: 60_000 });
    // Every row marked published: no pass is still publishing. The topic then holds each row once
    // (a relay that read rows another had just published would have sent them a second time).
    await waitFor(async () => (await relays[0]!.backlog()) === 0, { description: 'an empty backlog' });
    const offsets = await bus.endOffsets([TOPIC]);
    assert.equal(
      offsets.reduce((sum, { offset }) => sum + Number(offset), 0),
      600,
      'messages in the topic',
    );
    for (const id of aggregates)
      assert.deepEqual(
        versionsOf(id),
        Array.from({ length: 30 }, (_, i) => i + 1),
      );
    assert.equal(reader.messages.length, 600);
    for (const each of relays) await each.stop();
  });

  it('leaves nothing unpublished when a relay is stopped mid-stream and another takes over', async () => {
    const before = reader.messages.length;
    const first = await relay();
    const aggregates = Array.from({ length: 5 }, () => randomUUID());
    const writing = write(aggregates, 40);
    await waitFor(() => reader.messages.length > before, { description: 'the first relay to publish something' });
    await first.stop();
    await writing;
    const second = await relay();
    await waitFor(() => reader.messages.length >= before + 200, { description: 'all 200 messages', timeoutMs: 60_000 });
    for (const id of aggregates)
      assert.deepEqual(
        versionsOf(id),
        Array.from({ length: 40 }, (_, i) => i + 1),
      );
    const unpublished = await sql.query(`select count(*)::int as n from ${SCHEMA}.outbox where published_at is null`);
    assert.equal(unpublished.rows[0].n, 0);
    await second.stop();
  });

  it('publishes a row committed while a pass is publishing at once, not after the idle wait', async () => {
    const before = reader.messages.length;
    const real = await bus.producer();
    producers.push(real);
    let release: (() => void) | null = null;
    let sends = 0;
    // The first send waits until released, so that the second row is committed mid-pass.
    const gated: BusProducer = {
      async send(topic, messages) {
        if (sends++ === 0) await new Promise<void>((resolve) => (release = resolve));
        await real.send(topic, messages);
      },
      disconnect: () => real.disconnect(),
    };
    const slow = createOutboxRelay({ databaseUrl: db.url, schema: SCHEMA, producer: gated, idleMs: 600_000 });
    await slow.start();
    const [first, second] = [randomUUID(), randomUUID()];
    await write([first], 1);
    await waitFor(() => release !== null, { description: 'the first pass to be publishing' });
    await write([second], 1);
    release!();
    await waitFor(() => reader.messages.slice(before).some((m) => m.key === second), {
      description: 'the row committed mid-pass',
      timeoutMs: 20_000,
    });
    await slow.stop();
  });
});
