import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Role } from '@salesgraph/auth';
import { createKafkaBus, type BusMessage, type BusConsumer, type MessageBus } from '@salesgraph/kafka';
import { parseEvent } from '@salesgraph/events';
import { graphqlRequest, testKafkaBrokers, uniqueName, waitFor } from '@salesgraph/testkit';
import { startAccountsHarness, type AccountsHarness, type Caller } from '../testing/accounts-harness.js';
import { withCnpjCheckDigits } from './cnpj.js';

const create = `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { company { id cnpj segment version ownerId } problem { reason message } eventId } }`;
const update = `mutation($input: UpdateCompanyInput!) { updateCompany(input: $input) { company { id legalName version segment } problem { reason } eventId } }`;

describe('accounts: Company on real PostgreSQL and Kafka', () => {
  let harness: AccountsHarness;
  let bus: MessageBus;
  let consumer: BusConsumer;
  const published: BusMessage[] = [];
  const tenant = uniqueName('tenant');

  const call = (
    query: string,
    variables: Record<string, unknown>,
    who: Caller = { tenant, roles: ['SALES_MANAGER'], sub: 'rep-7' },
  ) => harness.call(who, query, variables);

  before(async () => {
    harness = await startAccountsHarness('accounts_int');
    bus = createKafkaBus({
      brokers: [testKafkaBrokers()],
      clientId: 'accounts-int-test',
      namespace: harness.namespace,
    });
    await bus.ensureTopics(['accounts.company.events']);
    consumer = await bus.consumer({ groupId: 'observer', topics: ['accounts.company.events'], fromBeginning: true });
    await consumer.run(async (message) => {
      published.push(message);
    });
  });

  after(async () => {
    await consumer?.stop();
    await bus?.close();
    await harness?.close();
  });

  it('creates a company with its segment derived, and writes the company.created event to the outbox in the same transaction', async () => {
    const result = await call(create, {
      input: { legalName: 'Acme Saúde Ltda', cnpj: '11.222.333/0001-81', employeeCount: 1500 },
    });
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    const { company, eventId } = result.data!['createCompany'];
    assert.deepEqual(
      { ...company, id: undefined },
      { id: undefined, cnpj: '11222333000181', segment: 'ENTERPRISE', version: 1, ownerId: 'rep-7' },
    );
    const outbox = await harness.sql.query(
      'select event_id, topic, message_key, payload from accounts.outbox where event_id = $1',
      [eventId],
    );
    assert.equal(outbox.rowCount, 1);
    assert.equal(outbox.rows[0].topic, 'accounts.company.events');
    assert.equal(outbox.rows[0].message_key, company.id);
    const event = parseEvent(outbox.rows[0].payload);
    assert.equal(event.eventType, 'company.created');
    assert.equal(event.tenantId, tenant);
    assert.equal(event.aggregateVersion, 1);
  });

  it('relays committed events to Kafka keyed by the company id, in order, and marks them sent', async () => {
    const created = await call(create, {
      input: { legalName: 'Ordem Ltda', cnpj: '04.252.011/0001-10', employeeCount: 10 },
    });
    const id = created.data!['createCompany'].company.id as string;
    for (let version = 1; version <= 3; version++) {
      const updated = await call(update, { input: { id, version, employeeCount: 10 + version * 100 } });
      assert.equal(updated.data!['updateCompany'].problem, null);
    }
    const mine = await waitFor(
      () => {
        const events = published
          .filter((m) => m.key === id)
          .map((m) => parseEvent(JSON.parse(m.value!.toString('utf8'))));
        return events.length === 4 ? events : undefined;
      },
      { description: 'four events of the company on Kafka' },
    );
    assert.deepEqual(
      mine.map((e) => [e.eventType, e.aggregateVersion]),
      [
        ['company.created', 1],
        ['company.updated', 2],
        ['company.updated', 3],
        ['company.updated', 4],
      ],
    );
    await waitFor(async () => (await harness.app.relay.backlog()) === 0, { description: 'an empty outbox backlog' });
  });

  it('refuses a duplicate CNPJ in the tenant as a business problem, persisting nothing', async () => {
    const before = await harness.sql.query(
      'select (select count(*) from accounts.company) as companies, (select count(*) from accounts.outbox) as events',
    );
    const result = await call(create, { input: { legalName: 'Copia Ltda', cnpj: '11222333000181', employeeCount: 5 } });
    assert.deepEqual(result.data!['createCompany'].problem.reason, 'DUPLICATE_CNPJ');
    assert.equal(result.data!['createCompany'].company, null);
    const after = await harness.sql.query(
      'select (select count(*) from accounts.company) as companies, (select count(*) from accounts.outbox) as events',
    );
    assert.deepEqual(after.rows, before.rows);
  });

  it('accepts the same CNPJ in another tenant', async () => {
    const other = { tenant: uniqueName('other'), roles: ['SALES_MANAGER'] as Role[], sub: 'rep-9' };
    const result = await call(
      create,
      { input: { legalName: 'Acme Outra', cnpj: '11222333000181', employeeCount: 5 } },
      other,
    );
    assert.equal(result.data!['createCompany'].problem, null);
  });

  it('refuses a CNPJ with wrong check digits as BAD_USER_INPUT naming the field', async () => {
    const result = await call(create, {
      input: { legalName: 'Erro Ltda', cnpj: '11.222.333/0001-82', employeeCount: 5 },
    });
    assert.equal(result.errors?.[0]?.extensions?.['code'], 'BAD_USER_INPUT');
    assert.equal(result.errors?.[0]?.extensions?.['field'], 'cnpj');
    const rows = await harness.sql.query(`select 1 from accounts.company where legal_name = 'Erro Ltda'`);
    assert.equal(rows.rowCount, 0);
  });

  it('answers a stale version with STALE_VERSION and changes nothing', async () => {
    const created = await call(create, {
      input: { legalName: 'Versao Ltda', cnpj: withCheck('123456780001'), employeeCount: 5 },
    });
    const id = created.data!['createCompany'].company.id as string;
    assert.equal(
      (await call(update, { input: { id, version: 1, legalName: 'Versao 2' } })).data!['updateCompany'].company.version,
      2,
    );
    const stale = await call(update, { input: { id, version: 1, legalName: 'Versao perdida' } });
    assert.deepEqual(stale.data!['updateCompany'], {
      company: null,
      problem: { reason: 'STALE_VERSION' },
      eventId: null,
    });
    const row = await harness.sql.query('select legal_name, version from accounts.company where id = $1', [id]);
    assert.deepEqual(row.rows[0], { legal_name: 'Versao 2', version: 2 });
  });

  it('creates one company for createCompany sent twice at once under one Idempotency-Key, answering both alike', async () => {
    const headers = { 'idempotency-key': randomUUID() };
    const variables = { input: { legalName: 'Duas Vezes Ltda', cnpj: withCheck('661234510001'), employeeCount: 12 } };
    const who: Caller = { tenant, roles: ['SALES_MANAGER'], sub: 'rep-7' };
    const [first, second] = await Promise.all([1, 2].map(() => harness.call(who, create, variables, headers)));
    assert.equal(first!.data!['createCompany'].problem, null, JSON.stringify(first));
    assert.deepEqual(second, first);
    const replay = await harness.call(who, create, variables, headers);
    assert.deepEqual(replay, first);
    const rows = await harness.sql.query('select count(*)::int as n from accounts.company where cnpj = $1', [
      withCheck('661234510001'),
    ]);
    assert.equal(rows.rows[0].n, 1);
  });

  it("neither reads nor writes another tenant's company", async () => {
    const created = await call(create, {
      input: { legalName: 'Privada Ltda', cnpj: withCheck('223344550001'), employeeCount: 5 },
    });
    const id = created.data!['createCompany'].company.id as string;
    const intruder = { tenant: uniqueName('intruder'), roles: ['SYSTEM_ADMIN'] as Role[], sub: 'x' };
    const read = await call(`query($id: ID!) { company(id: $id) { id } }`, { id }, intruder);
    assert.equal(read.data!['company'], null);
    const write = await call(update, { input: { id, version: 1, legalName: 'Hacked' } }, intruder);
    assert.equal(write.errors?.[0]?.extensions?.['code'], 'NOT_FOUND');
    const row = await harness.sql.query('select legal_name from accounts.company where id = $1', [id]);
    assert.equal(row.rows[0].legal_name, 'Privada Ltda');
  });

  describe('the account hierarchy', () => {
    const reparent = `mutation($input: UpdateCompanyInput!) { updateCompany(input: $input) { company { id version parent { id } } problem { reason } eventId } }`;
    let seed = 500;
    const company = async (parentId: string | null = null) => {
      seed += 1;
      const result = await call(create, {
        input: {
          legalName: `Holding ${seed}`,
          cnpj: withCheck(`77${String(seed).padStart(6, '0')}0001`),
          employeeCount: 10,
          parentId,
        },
      });
      assert.equal(result.data!['createCompany'].problem, null, JSON.stringify(result.data));
      return result.data!['createCompany'].company.id as string;
    };
    const versionOf = async (id: string) =>
      (await harness.sql.query('select version from accounts.company where id = $1', [id])).rows[0].version as number;
    const state = async () =>
      (
        await harness.sql.query(
          'select (select json_agg(json_build_array(id, parent_id, version) order by id) from accounts.company) as companies, (select count(*)::int from accounts.outbox) as events',
        )
      ).rows[0];
    const expectCycleRefused = async (id: string, parentId: string) => {
      const before = await state();
      const result = await call(reparent, { input: { id, version: await versionOf(id), parentId } });
      assert.deepEqual(result.data!['updateCompany'], {
        company: null,
        problem: { reason: 'HIERARCHY_CYCLE' },
        eventId: null,
      });
      assert.deepEqual(await state(), before);
    };

    it('refuses making a company its own parent (a cycle of length 1)', async () => {
      const a = await company();
      await expectCycleRefused(a, a);
    });

    it('refuses a cycle of length 2: the parent of A cannot be its own child B', async () => {
      const a = await company();
      const b = await company(a);
      await expectCycleRefused(a, b);
    });

    it('refuses a cycle of length 3: the parent of A cannot be its grandchild C', async () => {
      const a = await company();
      const b = await company(a);
      const c = await company(b);
      await expectCycleRefused(a, c);
      await expectCycleRefused(b, c);
    });

    it('accepts re-parenting that keeps the hierarchy a tree, moving the subtree along, and records the new parent in company.updated', async () => {
      const a = await company();
      const b = await company(a);
      const c = await company(b);
      const d = await company();
      const moved = await call(reparent, { input: { id: b, version: 1, parentId: d } });
      assert.deepEqual(moved.data!['updateCompany'].company, { id: b, version: 2, parent: { id: d } });
      const outbox = await harness.sql.query('select payload from accounts.outbox where event_id = $1', [
        moved.data!['updateCompany'].eventId,
      ]);
      const event = parseEvent(outbox.rows[0].payload);
      assert.equal(event.eventType, 'company.updated');
      assert.deepEqual(
        [
          (event.data as { company: { parentId: string } }).company.parentId,
          (event.data as { changed: string[] }).changed,
        ],
        [d, ['parent']],
      );
      const tree = await call(`query($id: ID!) { company(id: $id) { parent { id parent { id } } } }`, { id: c });
      assert.deepEqual(tree.data!['company'], { parent: { id: b, parent: { id: d } } });
      await expectCycleRefused(d, c);
      const detached = await call(reparent, { input: { id: b, version: 2, parentId: null } });
      assert.deepEqual(detached.data!['updateCompany'].company, { id: b, version: 3, parent: null });
      const reattached = await call(reparent, { input: { id: a, version: 1, parentId: c } });
      assert.deepEqual(reattached.data!['updateCompany'].company, { id: a, version: 2, parent: { id: c } });
    });

    it('lets only one of two concurrent re-parentings that together would close a cycle succeed', async () => {
      for (let round = 0; round < 5; round++) {
        const a = await company();
        const b = await company();
        const results = await Promise.all([
          call(reparent, { input: { id: a, version: 1, parentId: b } }),
          call(reparent, { input: { id: b, version: 1, parentId: a } }),
        ]);
        assert.deepEqual(results.map((result) => result.data!['updateCompany'].problem?.reason ?? 'OK').sort(), [
          'HIERARCHY_CYCLE',
          'OK',
        ]);
        const parents = await harness.sql.query(
          'select count(*)::int as n from accounts.company where id = any($1) and parent_id is not null',
          [[a, b]],
        );
        assert.equal(parents.rows[0].n, 1);
      }
    });

    it('refuses a parent of another tenant and a random one alike, on create and update: PARENT_NOT_FOUND, nothing written', async () => {
      const a = await company();
      const other = { tenant: uniqueName('other'), roles: ['SALES_MANAGER'] as Role[], sub: 'rep-9' };
      const foreign = await call(
        create,
        { input: { legalName: 'Estrangeira', cnpj: withCheck('880000010001'), employeeCount: 5 } },
        other,
      );
      const before = await state();
      for (const parentId of [foreign.data!['createCompany'].company.id, randomUUID()]) {
        const updated = await call(reparent, { input: { id: a, version: 1, parentId } });
        assert.deepEqual(updated.data!['updateCompany'], {
          company: null,
          problem: { reason: 'PARENT_NOT_FOUND' },
          eventId: null,
        });
        const created = await call(create, {
          input: { legalName: 'Filial', cnpj: withCheck('880000020001'), employeeCount: 5, parentId },
        });
        assert.deepEqual(created.data!['createCompany'], {
          company: null,
          problem: { reason: 'PARENT_NOT_FOUND', message: 'The parent company (parentId) was not found' },
          eventId: null,
        });
      }
      assert.deepEqual(await state(), before);
    });
  });

  describe('the origin of a company (sourceSystem + externalId)', () => {
    const withOrigin = (cnpjBase: string, sourceSystem: string, externalId: string | null) => ({
      input: {
        legalName: `Origem ${cnpjBase}`,
        cnpj: withCheck(cnpjBase),
        employeeCount: 20,
        sourceSystem,
        externalId,
      },
    });

    it('refuses an external id already used in the same source system and tenant, persisting nothing', async () => {
      const first = await call(create, withOrigin('660000010001', 'PYXIS', 'PX-1001'));
      assert.equal(first.data!['createCompany'].problem, null);
      const before = await harness.sql.query(
        'select (select count(*)::int from accounts.company) as companies, (select count(*)::int from accounts.outbox) as events',
      );
      const duplicate = await call(create, withOrigin('660000020001', 'PYXIS', 'PX-1001'));
      assert.deepEqual(duplicate.data!['createCompany'], {
        company: null,
        problem: {
          reason: 'DUPLICATE_EXTERNAL_ID',
          message: 'This external id is already used for this source system',
        },
        eventId: null,
      });
      const after = await harness.sql.query(
        'select (select count(*)::int from accounts.company) as companies, (select count(*)::int from accounts.outbox) as events',
      );
      assert.deepEqual(after.rows, before.rows);
    });

    it('accepts the same external id in another source system and in another tenant', async () => {
      const sap = await call(create, withOrigin('660000030001', 'SAP', 'PX-1001'));
      assert.equal(sap.data!['createCompany'].problem, null);
      const other = { tenant: uniqueName('other'), roles: ['SALES_MANAGER'] as Role[], sub: 'rep-9' };
      const elsewhere = await call(create, withOrigin('660000040001', 'PYXIS', 'PX-1001'), other);
      assert.equal(elsewhere.data!['createCompany'].problem, null);
    });

    it('requires an external id for every source system but DIRECT', async () => {
      const missing = await call(create, withOrigin('660000050001', 'TEMPO', null));
      assert.deepEqual(
        [missing.errors?.[0]?.extensions?.['code'], missing.errors?.[0]?.extensions?.['field']],
        ['BAD_USER_INPUT', 'externalId'],
      );
      const direct = await call(create, withOrigin('660000060001', 'DIRECT', null));
      assert.equal(direct.data!['createCompany'].problem, null);
    });
  });

  it('refuses calls that do not carry an identity signed by the gateway', async () => {
    const anonymous = await graphqlRequest(harness.app.url, '{ companies { edges { cursor } } }');
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.errors?.[0]?.extensions?.['code'], 'UNAUTHENTICATED');
    const forged = await graphqlRequest(
      harness.app.url,
      '{ companies { edges { cursor } } }',
      {},
      { 'x-salesgraph-identity': 'eyJhbGciOiJub25lIn0.eyJ0ZW5hbnQiOiJ0MSJ9.' },
    );
    assert.equal(forged.status, 401);
  });
});

const withCheck = withCnpjCheckDigits;
