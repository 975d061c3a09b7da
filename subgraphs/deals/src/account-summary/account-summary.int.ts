import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { parseConfig } from '@salesgraph/config';
import { createLogger } from '@salesgraph/logging';
import { createKafkaBus, type BusProducer, type MessageBus } from '@salesgraph/kafka';
import { createEvent, type EventData } from '@salesgraph/events';
import type { SubgraphService } from '@salesgraph/subgraph';
import { TEST_IDENTITY_SECRET, createTestDatabase, graphqlRequest, identityHeaders, testKafkaBrokers, uniqueName, waitFor, type TestDatabase } from '@salesgraph/testkit';
import { dealsEnv } from '../config.js';
import { createDealsApp } from '../app.js';

const TOPIC = 'accounts.company.events';

describe('deals: the AccountSummary projection on real Kafka and PostgreSQL', () => {
  let db: TestDatabase;
  let sql: pg.Client;
  let bus: MessageBus;
  let producer: BusProducer;
  let app: SubgraphService;
  const tenant = uniqueName('tenant');
  const namespace = uniqueName('deals_int');
  const config = () =>
    parseConfig(dealsEnv, { DATABASE_URL: db.url, KAFKA_BROKERS: testKafkaBrokers(), KAFKA_NAMESPACE: namespace, GATEWAY_IDENTITY_SECRET: TEST_IDENTITY_SECRET, PORT: '0', NODE_ENV: 'test' });
  const startApp = async () => {
    app = await createDealsApp({ config: config(), logger: createLogger('deals-test', 'silent') });
    await app.start();
  };
  const companyEvent = (type: 'company.created' | 'company.updated', version: number, company: EventData<'company.created'>['company']) =>
    createEvent({
      eventType: type,
      tenantId: tenant,
      aggregateType: 'company',
      aggregateId: company.id,
      aggregateVersion: version,
      source: 'accounts',
      actor: 'test',
      data: type === 'company.created' ? { company } : { company, changed: ['legalName'] },
    });
  const publish = (...events: ReturnType<typeof companyEvent>[]) =>
    producer.send(TOPIC, events.map((event) => ({ key: event.aggregateId, value: JSON.stringify(event) })));
  const summaries = async () =>
    (await sql.query('select id, legal_name, segment, version, updated_at from deals.account_summary order by id')).rows;
  const lagIsZero = async () => (await app.projections[0]!.lag()).every((entry) => entry.lag === 0);

  before(async () => {
    db = await createTestDatabase('sg_deals');
    bus = createKafkaBus({ brokers: [testKafkaBrokers()], clientId: 'deals-int-test', namespace });
    await bus.ensureTopics([TOPIC]);
    producer = await bus.producer();
    await startApp();
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
  });

  after(async () => {
    await app?.stop();
    await producer?.disconnect();
    await bus?.close();
    await sql?.end();
    await db?.drop();
  });

  const base = (id: string, legalName: string) => ({
    id,
    legalName,
    tradeName: null,
    cnpj: '11222333000181',
    industry: null,
    employeeCount: 50,
    segment: 'SMB' as const,
    ownerId: 'rep-1',
    parentId: null,
  });

  it('keeps a summary per company from company events and answers deals(filter: { companyName })', async () => {
    const a = randomUUID();
    const b = randomUUID();
    await publish(companyEvent('company.created', 1, base(a, 'Alfa Alimentos')), companyEvent('company.created', 1, base(b, 'Beta Bebidas')));
    await publish(companyEvent('company.updated', 2, { ...base(a, 'Alfa Alimentos e Cia'), segment: 'MID', employeeCount: 300 }));
    await waitFor(async () => (await summaries()).some((row) => row.legal_name === 'Alfa Alimentos e Cia'), { description: 'the renamed summary' });

    const headers = await identityHeaders({ tenant, roles: ['SALES_MANAGER'] });
    const create = `mutation($input: CreateDealInput!) { createDeal(input: $input) { deal { id } } }`;
    const dealA = await graphqlRequest(app.url, create, { input: { companyId: a, title: 'Deal Alfa', estimatedValue: '1000.00', estimatedLives: 10 } }, headers);
    await graphqlRequest(app.url, create, { input: { companyId: b, title: 'Deal Beta', estimatedValue: '1000.00', estimatedLives: 10 } }, headers);
    const found = await graphqlRequest(app.url, `{ deals(filter: { companyName: "alimentos E CIA" }) { edges { node { id title } } } }`, {}, headers);
    assert.deepEqual(found.data!['deals'].edges, [{ node: { id: dealA.data!['createDeal'].deal.id, title: 'Deal Alfa' } }]);
  });

  it('ignores a redelivered event and an older version of the same company', async () => {
    const id = randomUUID();
    const created = companyEvent('company.created', 1, base(id, 'Gama Gráfica'));
    const renamed = companyEvent('company.updated', 2, base(id, 'Gama Gráfica Nova'));
    await publish(created, renamed);
    await waitFor(async () => (await summaries()).some((row) => row.legal_name === 'Gama Gráfica Nova'), { description: 'the summary at version 2' });
    const before = await summaries();
    await publish(renamed, created, companyEvent('company.updated', 1, base(id, 'Gama Antiga')));
    await waitFor(lagIsZero, { description: 'the projection to catch up' });
    assert.deepEqual(await summaries(), before);
  });

  it('ends equal when the topic is replayed from the beginning', async () => {
    await waitFor(lagIsZero, { description: 'the projection to catch up' });
    const before = await summaries();
    assert.ok(before.length >= 3);
    await app.stop();
    await bus.resetGroup('deals.account-summary', [TOPIC]);
    await startApp();
    await waitFor(lagIsZero, { description: 'the replay to finish', timeoutMs: 60_000 });
    const applied = await sql.query(`select count(*)::int as n from deals.inbox_event where consumer = 'deals.account-summary'`);
    assert.ok(applied.rows[0].n >= 5);
    assert.deepEqual(await summaries(), before);
  });
});
