import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { parseConfig } from '@salesgraph/config';
import type { Role } from '@salesgraph/auth';
import { createLogger } from '@salesgraph/logging';
import { createKafkaBus, type BusMessage, type BusConsumer, type MessageBus } from '@salesgraph/kafka';
import { parseEvent } from '@salesgraph/events';
import type { SubgraphService } from '@salesgraph/subgraph';
import {
  TEST_IDENTITY_SECRET,
  createTestDatabase,
  graphqlRequest,
  identityHeaders,
  testKafkaBrokers,
  uniqueName,
  waitFor,
  type TestDatabase,
} from '@salesgraph/testkit';
import { accountsEnv } from '../config.js';
import { createAccountsApp } from '../app.js';
import { withCnpjCheckDigits } from './cnpj.js';

const create = `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { company { id cnpj segment version ownerId } problem { reason message } eventId } }`;
const update = `mutation($input: UpdateCompanyInput!) { updateCompany(input: $input) { company { id legalName version segment } problem { reason } eventId } }`;

describe('accounts: Company on real PostgreSQL and Kafka', () => {
  let db: TestDatabase;
  let app: SubgraphService;
  let sql: pg.Client;
  let bus: MessageBus;
  let consumer: BusConsumer;
  const published: BusMessage[] = [];
  const tenant = uniqueName('tenant');
  const namespace = uniqueName('accounts_int');

  const call = async (query: string, variables: Record<string, unknown>, who: { tenant: string; roles: Role[]; sub: string } = { tenant, roles: ['SALES_MANAGER'], sub: 'rep-7' }) =>
    graphqlRequest(app.url, query, variables, await identityHeaders(who));

  before(async () => {
    db = await createTestDatabase('sg_accounts');
    const config = parseConfig(accountsEnv, {
      DATABASE_URL: db.url,
      KAFKA_BROKERS: testKafkaBrokers(),
      KAFKA_NAMESPACE: namespace,
      GATEWAY_IDENTITY_SECRET: TEST_IDENTITY_SECRET,
      PORT: '0',
      NODE_ENV: 'test',
    });
    app = await createAccountsApp({ config, logger: createLogger('accounts-test', 'silent') });
    await app.start();
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
    bus = createKafkaBus({ brokers: [testKafkaBrokers()], clientId: 'accounts-int-test', namespace });
    await bus.ensureTopics(['accounts.company.events']);
    consumer = await bus.consumer({ groupId: 'observer', topics: ['accounts.company.events'], fromBeginning: true });
    await consumer.run(async (message) => {
      published.push(message);
    });
  });

  after(async () => {
    await consumer?.stop();
    await bus?.close();
    await sql?.end();
    await app?.stop();
    await db?.drop();
  });

  it('creates a company with its segment derived, and writes the company.created event to the outbox in the same transaction', async () => {
    const result = await call(create, { input: { legalName: 'Acme Saúde Ltda', cnpj: '11.222.333/0001-81', employeeCount: 1500 } });
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    const { company, eventId } = result.data!['createCompany'];
    assert.deepEqual({ ...company, id: undefined }, { id: undefined, cnpj: '11222333000181', segment: 'ENTERPRISE', version: 1, ownerId: 'rep-7' });
    const outbox = await sql.query('select event_id, topic, message_key, payload from accounts.outbox where event_id = $1', [eventId]);
    assert.equal(outbox.rowCount, 1);
    assert.equal(outbox.rows[0].topic, 'accounts.company.events');
    assert.equal(outbox.rows[0].message_key, company.id);
    const event = parseEvent(outbox.rows[0].payload);
    assert.equal(event.eventType, 'company.created');
    assert.equal(event.tenantId, tenant);
    assert.equal(event.aggregateVersion, 1);
  });

  it('relays committed events to Kafka keyed by the company id, in order, and marks them sent', async () => {
    const created = await call(create, { input: { legalName: 'Ordem Ltda', cnpj: '04.252.011/0001-10', employeeCount: 10 } });
    const id = created.data!['createCompany'].company.id as string;
    for (let version = 1; version <= 3; version++) {
      const updated = await call(update, { input: { id, version, employeeCount: 10 + version * 100 } });
      assert.equal(updated.data!['updateCompany'].problem, null);
    }
    const mine = await waitFor(() => {
      const events = published.filter((m) => m.key === id).map((m) => parseEvent(JSON.parse(m.value!.toString('utf8'))));
      return events.length === 4 ? events : undefined;
    }, { description: 'four events of the company on Kafka' });
    assert.deepEqual(mine.map((e) => [e.eventType, e.aggregateVersion]), [['company.created', 1], ['company.updated', 2], ['company.updated', 3], ['company.updated', 4]]);
    await waitFor(async () => (await app.relay.backlog()) === 0, { description: 'an empty outbox backlog' });
  });

  it('refuses a duplicate CNPJ in the tenant as a business problem, persisting nothing', async () => {
    const before = await sql.query('select (select count(*) from accounts.company) as companies, (select count(*) from accounts.outbox) as events');
    const result = await call(create, { input: { legalName: 'Copia Ltda', cnpj: '11222333000181', employeeCount: 5 } });
    assert.deepEqual(result.data!['createCompany'].problem.reason, 'DUPLICATE_CNPJ');
    assert.equal(result.data!['createCompany'].company, null);
    const after = await sql.query('select (select count(*) from accounts.company) as companies, (select count(*) from accounts.outbox) as events');
    assert.deepEqual(after.rows, before.rows);
  });

  it('accepts the same CNPJ in another tenant', async () => {
    const other = { tenant: uniqueName('other'), roles: ['SALES_MANAGER']  as Role[], sub: 'rep-9' };
    const result = await call(create, { input: { legalName: 'Acme Outra', cnpj: '11222333000181', employeeCount: 5 } }, other);
    assert.equal(result.data!['createCompany'].problem, null);
  });

  it('refuses a CNPJ with wrong check digits as BAD_USER_INPUT naming the field', async () => {
    const result = await call(create, { input: { legalName: 'Erro Ltda', cnpj: '11.222.333/0001-82', employeeCount: 5 } });
    assert.equal(result.errors?.[0]?.extensions?.['code'], 'BAD_USER_INPUT');
    assert.equal(result.errors?.[0]?.extensions?.['field'], 'cnpj');
    const rows = await sql.query(`select 1 from accounts.company where legal_name = 'Erro Ltda'`);
    assert.equal(rows.rowCount, 0);
  });

  it('answers a stale version with STALE_VERSION and changes nothing', async () => {
    const created = await call(create, { input: { legalName: 'Versao Ltda', cnpj: withCheck('123456780001'), employeeCount: 5 } });
    const id = created.data!['createCompany'].company.id as string;
    assert.equal((await call(update, { input: { id, version: 1, legalName: 'Versao 2' } })).data!['updateCompany'].company.version, 2);
    const stale = await call(update, { input: { id, version: 1, legalName: 'Versao perdida' } });
    assert.deepEqual(stale.data!['updateCompany'], { company: null, problem: { reason: 'STALE_VERSION' }, eventId: null });
    const row = await sql.query('select legal_name, version from accounts.company where id = $1', [id]);
    assert.deepEqual(row.rows[0], { legal_name: 'Versao 2', version: 2 });
  });

  it('neither reads nor writes another tenant\'s company', async () => {
    const created = await call(create, { input: { legalName: 'Privada Ltda', cnpj: withCheck('223344550001'), employeeCount: 5 } });
    const id = created.data!['createCompany'].company.id as string;
    const intruder = { tenant: uniqueName('intruder'), roles: ['SYSTEM_ADMIN'] as Role[], sub: 'x' };
    const read = await call(`query($id: ID!) { company(id: $id) { id } }`, { id }, intruder);
    assert.equal(read.data!['company'], null);
    const write = await call(update, { input: { id, version: 1, legalName: 'Hacked' } }, intruder);
    assert.equal(write.errors?.[0]?.extensions?.['code'], 'NOT_FOUND');
    const row = await sql.query('select legal_name from accounts.company where id = $1', [id]);
    assert.equal(row.rows[0].legal_name, 'Privada Ltda');
  });

  it('refuses calls that do not carry an identity signed by the gateway', async () => {
    const anonymous = await graphqlRequest(app.url, '{ companies { edges { cursor } } }');
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.errors?.[0]?.extensions?.['code'], 'UNAUTHENTICATED');
    const forged = await graphqlRequest(app.url, '{ companies { edges { cursor } } }', {}, { 'x-salesgraph-identity': 'eyJhbGciOiJub25lIn0.eyJ0ZW5hbnQiOiJ0MSJ9.' });
    assert.equal(forged.status, 401);
  });
});

const withCheck = withCnpjCheckDigits;
