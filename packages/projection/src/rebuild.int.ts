import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createEvent, type EventData } from '@salesgraph/events';
import { companyCreated } from '@salesgraph/events/testing';
import { createKafkaBus, type BusProducer, type MessageBus } from '@salesgraph/kafka';
import { createOrm, type Orm } from '@salesgraph/orm';
import { createTestDatabase, testKafkaBrokers, uniqueName, waitFor, type TestDatabase } from '@salesgraph/testkit';
import { inboxDdl, inboxUpgradeDdl } from './inbox.ddl.js';
import { createProjectionConsumer, type ProjectionDefinition } from './projection-consumer.js';
import { rebuildProjection } from './rebuild.js';

const SCHEMA = 'rebuildtest';
const TOPIC = 'accounts.company.events';

/** How many deliveries each handler saw live and during the replay (ApplyContext.replaying). */
const deliveries = { live: 0, replayed: 0 };

const definition: ProjectionDefinition = {
  name: 'rebuildtest.names',
  topics: [TOPIC],
  tables: ['company_name'],
  handlers: {
    'company.created': async (em, event, { replaying }) => {
      deliveries[replaying ? 'replayed' : 'live']++;
      const { company } = event.data as EventData<'company.created'>;
      await em.execute(`insert into ${SCHEMA}.company_name (id, tenant_id, name) values (?, ?, ?)`, [
        company.id,
        event.tenantId,
        company.legalName,
      ]);
    },
    'company.updated': async (em, event) => {
      const { company } = event.data as EventData<'company.updated'>;
      await em.execute(`update ${SCHEMA}.company_name set name = ? where id = ?`, [company.legalName, company.id]);
    },
  },
};

describe('rebuilding a projection from the beginning of its topics', () => {
  let db: TestDatabase;
  let orm: Orm;
  let bus: MessageBus;
  let producer: BusProducer;

  const snapshot = async () =>
    orm.em.fork().execute(`select id, tenant_id, name from ${SCHEMA}.company_name order by id`);

  before(async () => {
    db = await createTestDatabase('sg_rebuild');
    orm = await createOrm({ databaseUrl: db.url, schema: SCHEMA, entities: [], migrations: [] });
    const connection = orm.em.getConnection();
    await connection.execute(`create schema ${SCHEMA}`);
    for (const sql of [...inboxDdl(SCHEMA), ...inboxUpgradeDdl(SCHEMA)]) await connection.execute(sql);
    await connection.execute(
      `create table ${SCHEMA}.company_name (id uuid primary key, tenant_id text not null, name text not null)`,
    );
    bus = createKafkaBus({ brokers: [testKafkaBrokers()], clientId: 'rebuild-test', namespace: uniqueName('rebuild') });
    await bus.ensureTopics([TOPIC]);
    producer = await bus.producer();
  });

  after(async () => {
    await producer?.disconnect();
    await bus?.close();
    await orm?.close(true);
    await db?.drop();
  });

  it('ends equal to the incremental result', async () => {
    const events = [];
    for (let i = 0; i < 30; i++) {
      const id = randomUUID();
      const created = companyCreated({
        tenant: `t${i % 3}`,
        company: { id, legalName: `Empresa ${i}`, employeeCount: i },
      });
      const { company } = created.data;
      events.push(created);
      events.push(
        createEvent({
          eventType: 'company.updated',
          tenantId: `t${i % 3}`,
          aggregateType: 'company',
          aggregateId: id,
          aggregateVersion: 2,
          source: 'accounts',
          actor: null,
          data: { company: { ...company, legalName: `Empresa ${i} (renomeada)` }, changed: ['legalName'] },
        }),
      );
    }
    await producer.send(
      TOPIC,
      events.map((event) => ({ key: event.aggregateId, value: JSON.stringify(event) })),
    );
    const incremental = createProjectionConsumer({ definition, bus, em: orm.em, schema: SCHEMA });
    await incremental.start();
    await waitFor(async () => (await incremental.lag()).every((entry) => entry.lag === 0), {
      description: 'the incremental projection to catch up',
    });
    await incremental.stop();
    const expected = await snapshot();
    assert.equal(expected.length, 30);
    assert.ok(expected.every((row) => String(row['name']).endsWith('(renomeada)')));
    assert.deepEqual(deliveries, { live: 30, replayed: 0 });

    const result = await rebuildProjection({ definition, bus, em: orm.em, schema: SCHEMA, pollMs: 50 });
    assert.equal(result.applied, 60);
    assert.deepEqual(await snapshot(), expected);
    assert.deepEqual(deliveries, { live: 30, replayed: 30 }, 'handlers are told a rebuild is replaying');
  });
});
