import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { graphqlRequest, uniqueName } from '@salesgraph/testkit';
import { startBeneficiariesHarness, type BeneficiariesHarness, type Caller } from '../testing/beneficiaries-harness.js';
import { BENEFICIARIES, BENEFICIARY, ENROLL, ENTITIES, REMOVE, UPDATE } from '../testing/documents.js';
import { businessDate } from './beneficiary.dates.js';

const yearsBefore = (date: string, years: number) => `${Number(date.slice(0, 4)) - years}${date.slice(4)}`;
const dayAfter = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

describe('beneficiaries: enrolment rules, masking and tenancy on real PostgreSQL and Kafka', () => {
  let h: BeneficiariesHarness;
  const tenant = uniqueName('tenant');
  const operations: Caller = { tenant, roles: ['OPERATIONS'], sub: 'ops-1' };
  const rep: Caller = { tenant, roles: ['SALES_REP'], sub: 'rep-1' };
  let contractId: string;

  const person = (overrides: Record<string, unknown> = {}) => ({
    contractId,
    cpf: h.cpf(),
    name: 'Maria da Silva',
    birthDate: '1985-04-12',
    relationship: 'HOLDER',
    ...overrides,
  });
  const enroll = async (input: Record<string, unknown>, caller: Caller = operations) => {
    const response = await h.call(caller, ENROLL, { input });
    assert.equal(response.errors, undefined, JSON.stringify(response.errors));
    return response.data!['enrollBeneficiary'] as {
      beneficiary: Record<string, any> | null;
      problem: { reason: string; message: string } | null;
      eventId: string | null;
    };
  };
  const enrolled = async (input: Record<string, unknown>, caller: Caller = operations) => {
    const result = await enroll(input, caller);
    assert.equal(result.problem, null, JSON.stringify(result.problem));
    return result.beneficiary!;
  };
  const rowCount = async () =>
    Number((await h.sql.query('select count(*) from beneficiaries.beneficiary')).rows[0].count);
  const outboxCount = async () =>
    Number((await h.sql.query('select count(*) from beneficiaries.outbox')).rows[0].count);

  before(async () => {
    h = await startBeneficiariesHarness('beneficiaries_int');
    contractId = await h.contract({ tenant, status: 'ACTIVE', contractedLives: 50 });
  });

  after(async () => {
    await h?.stop();
  });

  it('enrols a holder into an ACTIVE contract and writes beneficiary.enrolled to the outbox without personal data', async () => {
    const cpf = h.cpf();
    const result = await enroll(person({ cpf, name: 'Joana Pereira', birthDate: '1990-02-03' }));
    const b = result.beneficiary!;
    assert.deepEqual(
      {
        cpf: b['cpf'],
        birthDate: b['birthDate'],
        name: b['name'],
        relationship: b['relationship'],
        active: b['active'],
        contract: b['contract'],
        holder: b['holder'],
        version: b['version'],
      },
      {
        cpf,
        birthDate: '1990-02-03',
        name: 'Joana Pereira',
        relationship: 'HOLDER',
        active: true,
        contract: { id: contractId },
        holder: null,
        version: 1,
      },
    );
    assert.match(b['healthCardNumber'], /^419999\d{10}$/);
    assert.equal(b['ans'].status, 'PENDING');
    const [event] = await h.outbox(b['id']);
    assert.equal(event!.eventId, result.eventId);
    assert.equal(event!.eventType, 'beneficiary.enrolled');
    assert.equal(event!.aggregateVersion, 1);
    assert.equal((event!.data as { beneficiary: { contractId: string } }).beneficiary.contractId, contractId);
    const payload = JSON.stringify(event);
    for (const secret of [cpf, 'Joana', '1990-02-03'])
      assert.ok(!payload.includes(secret), `the event must not carry ${secret}`);
  });

  it('gives every beneficiary its own health card number', async () => {
    const a = await enrolled(person());
    const b = await enrolled(person());
    assert.notEqual(a['healthCardNumber'], b['healthCardNumber']);
  });

  it('enrols into a SIGNED contract, refuses a DRAFT one, and accepts it once the contract is signed', async () => {
    const signed = await h.contract({ tenant, status: 'SIGNED' });
    await enrolled(person({ contractId: signed }));
    const draft = await h.contract({ tenant, status: 'DRAFT' });
    const before = await rowCount();
    const refused = await enroll(person({ contractId: draft }));
    assert.equal(refused.problem?.reason, 'CONTRACT_NOT_ENROLLABLE');
    assert.equal(refused.beneficiary, null);
    assert.equal(await rowCount(), before);
    await h.moveContract(draft, 'SIGNED');
    await enrolled(person({ contractId: draft }));
  });

  it('refuses contracts that are approved but unsigned, suspended or terminated', async () => {
    for (const status of ['APPROVED', 'SUSPENDED', 'TERMINATED'] as const) {
      const id = await h.contract({ tenant, status });
      assert.equal((await enroll(person({ contractId: id }))).problem?.reason, 'CONTRACT_NOT_ENROLLABLE', status);
    }
  });

  it('answers CONTRACT_NOT_FOUND for a contract the projection does not know', async () => {
    assert.equal(
      (await enroll(person({ contractId: '00000000-0000-4000-8000-000000000000' }))).problem?.reason,
      'CONTRACT_NOT_FOUND',
    );
  });

  it('refuses a CPF with wrong check digits as BAD_USER_INPUT naming the field, persisting nothing', async () => {
    const before = { rows: await rowCount(), events: await outboxCount() };
    for (const cpf of ['529.982.247-26', '52998224735', '11111111111', '1234567890']) {
      const response = await h.call(operations, ENROLL, { input: person({ cpf }) });
      assert.equal(response.errors?.[0]?.extensions?.['code'], 'BAD_USER_INPUT', cpf);
      assert.equal(response.errors?.[0]?.extensions?.['field'], 'cpf', cpf);
    }
    assert.deepEqual({ rows: await rowCount(), events: await outboxCount() }, before);
    const punctuated = await enrolled(person({ cpf: '529.982.247-25' }));
    assert.equal(punctuated['cpf'], '52998224725');
  });

  it('refuses a CPF already active in the tenant, even in another contract, and accepts it again after removal', async () => {
    const cpf = h.cpf();
    const first = await enrolled(person({ cpf }));
    const otherContract = await h.contract({ tenant, status: 'ACTIVE' });
    for (const target of [contractId, otherContract]) {
      const duplicate = await enroll(person({ cpf, contractId: target }));
      assert.equal(duplicate.problem?.reason, 'DUPLICATE_CPF');
    }
    const removed = await h.call(operations, REMOVE, { input: { id: first['id'], version: first['version'] } });
    assert.equal(removed.data!['removeBeneficiary'].beneficiary.active, false);
    const again = await enrolled(person({ cpf, contractId: otherContract }));
    assert.notEqual(again['id'], first['id']);
    const rows = await h.sql.query('select count(*)::int as n from beneficiaries.beneficiary where cpf = $1', [cpf]);
    assert.equal(rows.rows[0].n, 2);
  });

  it('accepts a CPF active in one tenant when it is enrolled in another tenant', async () => {
    const cpf = h.cpf();
    await enrolled(person({ cpf }));
    const otherTenant = uniqueName('other');
    const otherContract = await h.contract({ tenant: otherTenant, status: 'ACTIVE' });
    await enrolled(person({ cpf, contractId: otherContract }), { tenant: otherTenant, roles: ['OPERATIONS'] });
  });

  it('refuses a future birth date and an age over 120, and accepts today and exactly 120 years', async () => {
    const today = businessDate(new Date());
    for (const birthDate of [dayAfter(today), '2999-01-01', yearsBefore(today, 121), '1800-01-01']) {
      const response = await h.call(operations, ENROLL, { input: person({ birthDate }) });
      assert.equal(response.errors?.[0]?.extensions?.['code'], 'BAD_USER_INPUT', birthDate);
      assert.equal(response.errors?.[0]?.extensions?.['field'], 'birthDate', birthDate);
    }
    assert.equal((await enrolled(person({ birthDate: today })))['birthDate'], today);
    assert.equal(
      (await enrolled(person({ birthDate: yearsBefore(today, 120) })))['birthDate'],
      yearsBefore(today, 120),
    );
  });

  it('refuses a dependent without a holder, and links one to a HOLDER of the same contract by id or by CPF', async () => {
    for (const relationship of ['SPOUSE', 'CHILD', 'OTHER_DEPENDENT']) {
      const response = await h.call(operations, ENROLL, { input: person({ relationship }) });
      assert.equal(response.errors?.[0]?.extensions?.['code'], 'BAD_USER_INPUT', relationship);
      assert.equal(response.errors?.[0]?.extensions?.['field'], 'holderId', relationship);
    }
    const holderCpf = h.cpf();
    const holder = await enrolled(person({ cpf: holderCpf }));
    const spouse = await enrolled(person({ relationship: 'SPOUSE', holderId: holder['id'] }));
    assert.deepEqual(spouse['holder'], { id: holder['id'] });
    const child = await enrolled(person({ relationship: 'CHILD', holderCpf: holderCpf, birthDate: '2015-06-01' }));
    assert.deepEqual(child['holder'], { id: holder['id'] });
  });

  it('refuses a holder from another contract, a dependent as holder, and a HOLDER that names a holder', async () => {
    const otherContract = await h.contract({ tenant, status: 'ACTIVE' });
    const foreignHolder = await enrolled(person({ contractId: otherContract }));
    const fromOther = await enroll(person({ relationship: 'SPOUSE', holderId: foreignHolder['id'] }));
    assert.equal(fromOther.problem?.reason, 'INVALID_HOLDER');
    assert.match(fromOther.problem.message, /another contract/);
    const byCpf = await enroll(person({ relationship: 'CHILD', holderCpf: h.cpf() }));
    assert.equal(byCpf.problem?.reason, 'INVALID_HOLDER');
    const holder = await enrolled(person());
    const spouse = await enrolled(person({ relationship: 'SPOUSE', holderId: holder['id'] }));
    const viaDependent = await enroll(person({ relationship: 'CHILD', holderId: spouse['id'] }));
    assert.equal(viaDependent.problem?.reason, 'INVALID_HOLDER');
    const holderWithHolder = await h.call(operations, ENROLL, { input: person({ holderId: holder['id'] }) });
    assert.equal(holderWithHolder.errors?.[0]?.extensions?.['field'], 'holderId');
  });

  it('accepts enrolments up to exactly contractedLives and refuses one more; a removal frees a life', async () => {
    const small = await h.contract({ tenant, status: 'ACTIVE', contractedLives: 3 });
    const lives = [];
    for (let i = 0; i < 3; i++) lives.push(await enrolled(person({ contractId: small })));
    const over = await enroll(person({ contractId: small }));
    assert.equal(over.problem?.reason, 'LIVES_LIMIT_EXCEEDED');
    await h.call(operations, REMOVE, { input: { id: lives[0]!['id'], version: 1 } });
    await enrolled(person({ contractId: small }));
  });

  it('never exceeds contractedLives under concurrent enrolments (the snapshot row is locked)', async () => {
    const tight = await h.contract({ tenant, status: 'ACTIVE', contractedLives: 5 });
    const results = await Promise.all(Array.from({ length: 12 }, () => enroll(person({ contractId: tight }))));
    assert.equal(results.filter((r) => r.problem === null).length, 5);
    assert.ok(results.filter((r) => r.problem !== null).every((r) => r.problem!.reason === 'LIVES_LIMIT_EXCEEDED'));
    const active = await h.sql.query(
      'select count(*)::int as n from beneficiaries.beneficiary where contract_id = $1 and removed_at is null',
      [tight],
    );
    assert.equal(active.rows[0].n, 5);
  });

  it('masks CPF and birth date for a SALES_REP in queries, lists, mutation results and _entities, and shows them to OPERATIONS', async () => {
    const cpf = '52998224725';
    const existing = await h.sql.query(
      'select id from beneficiaries.beneficiary where cpf = $1 and removed_at is null',
      [cpf],
    );
    const id = existing.rows[0].id as string;
    const masked = '***.982.247-**';
    const mine = await enroll(person(), rep);
    assert.equal(mine.beneficiary!['cpf'].startsWith('***.'), true);
    assert.equal(mine.beneficiary!['birthDate'], null);
    assert.equal(mine.beneficiary!['personalDataMasked'], true);

    const single = await h.call(rep, BENEFICIARY, { id });
    assert.deepEqual([single.data!['beneficiary'].cpf, single.data!['beneficiary'].birthDate], [masked, null]);
    const list = await h.call(rep, BENEFICIARIES, { filter: { contractId }, first: 100 });
    const edges = list.data!['beneficiaries'].edges as { node: { cpf: string; birthDate: string | null } }[];
    assert.ok(edges.length > 5);
    assert.ok(edges.every((edge) => /^\*\*\*\.\d{3}\.\d{3}-\*\*$/.test(edge.node.cpf) && edge.node.birthDate === null));
    const entitiesAsRep = await h.call(rep, ENTITIES, { representations: [{ __typename: 'Beneficiary', id }] });
    assert.deepEqual(entitiesAsRep.data!['_entities'], [
      { id, cpf: masked, birthDate: null, personalDataMasked: true },
    ]);

    const entitiesAsOps = await h.call(operations, ENTITIES, { representations: [{ __typename: 'Beneficiary', id }] });
    assert.deepEqual(entitiesAsOps.data!['_entities'], [
      { id, cpf, birthDate: '1985-04-12', personalDataMasked: false },
    ]);
    for (const roles of [['LEGAL_COUNSEL'], ['SYSTEM_ADMIN']] as const) {
      const clear = await h.call({ tenant, roles }, BENEFICIARY, { id });
      assert.equal(clear.data!['beneficiary'].cpf, cpf);
    }
    for (const roles of [['SALES_MANAGER'], ['CEO_BOARD'], ['CUSTOMER_SUCCESS']] as const) {
      const hidden = await h.call({ tenant, roles }, BENEFICIARY, { id });
      assert.equal(hidden.data!['beneficiary'].cpf, masked, roles[0]);
    }
  });

  it('lets only OPERATIONS, LEGAL_COUNSEL and SYSTEM_ADMIN search by CPF', async () => {
    const refused = await h.call(rep, BENEFICIARIES, { filter: { cpf: '52998224725' } });
    assert.equal(refused.errors?.[0]?.extensions?.['code'], 'FORBIDDEN');
    const found = await h.call(operations, BENEFICIARIES, { filter: { cpf: '529.982.247-25' } });
    assert.equal(found.data!['beneficiaries'].edges.length, 1);
  });

  it('pages the beneficiaries list with cursors, oldest first, without repeats', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: Awaited<ReturnType<typeof h.call>> = await h.call(operations, BENEFICIARIES, {
        filter: { contractId },
        first: 4,
        after,
      });
      const connection = page.data!['beneficiaries'];
      seen.push(...connection.edges.map((edge: { node: { id: string } }) => edge.node.id));
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    const all = await h.sql.query(
      'select id from beneficiaries.beneficiary where contract_id = $1 and removed_at is null order by created_at, id',
      [contractId],
    );
    assert.deepEqual(
      seen,
      all.rows.map((row) => row.id),
    );
  });

  it('refuses enrolment to roles without it (CEO_BOARD, LEGAL_COUNSEL) with FORBIDDEN', async () => {
    for (const roles of [['CEO_BOARD'], ['LEGAL_COUNSEL']] as const) {
      const response = await h.call({ tenant, roles }, ENROLL, { input: person() });
      assert.equal(response.errors?.[0]?.extensions?.['code'], 'FORBIDDEN');
    }
  });

  it('corrects personal data with the version read, and answers a stale version with STALE_VERSION', async () => {
    const b = await enrolled(person({ name: 'Nome Errado' }));
    const fixed = await h.call(operations, UPDATE, { input: { id: b['id'], version: 1, name: 'Nome Certo' } });
    assert.equal(fixed.data!['updateBeneficiary'].beneficiary.name, 'Nome Certo');
    assert.equal(fixed.data!['updateBeneficiary'].beneficiary.version, 2);
    const [, updated] = await h.outbox(b['id']);
    assert.deepEqual(
      [updated!.eventType, updated!.aggregateVersion, (updated!.data as { changed: string[] }).changed],
      ['beneficiary.updated', 2, ['name']],
    );
    assert.ok(!JSON.stringify(updated).includes('Nome Certo'));
    const stale = await h.call(operations, UPDATE, { input: { id: b['id'], version: 1, name: 'Perdido' } });
    assert.equal(stale.data!['updateBeneficiary'].problem.reason, 'STALE_VERSION');
    const row = await h.sql.query('select name, version from beneficiaries.beneficiary where id = $1', [b['id']]);
    assert.deepEqual(row.rows[0], { name: 'Nome Certo', version: 2 });
  });

  it('refuses to remove a holder with active dependents, and removes it once they are gone', async () => {
    const holder = await enrolled(person());
    const child = await enrolled(person({ relationship: 'CHILD', holderId: holder['id'], birthDate: '2012-01-01' }));
    const refused = await h.call(operations, REMOVE, { input: { id: holder['id'], version: 1 } });
    assert.equal(refused.data!['removeBeneficiary'].problem.reason, 'HOLDER_HAS_DEPENDENTS');
    await h.call(operations, REMOVE, { input: { id: child['id'], version: 1 } });
    const removed = await h.call(operations, REMOVE, { input: { id: holder['id'], version: 1 } });
    assert.equal(removed.data!['removeBeneficiary'].beneficiary.active, false);
    const events = await h.outbox(holder['id']);
    assert.deepEqual(
      events.map((e) => e.eventType),
      ['beneficiary.enrolled', 'beneficiary.removed'],
    );
    assert.equal((events[1]!.data as { beneficiary: { active: boolean } }).beneficiary.active, false);
  });

  it("neither reads nor writes another tenant's beneficiaries, contracts or holders", async () => {
    const victim = await enrolled(person());
    const intruder: Caller = { tenant: uniqueName('intruder'), roles: ['SYSTEM_ADMIN'] };
    assert.equal((await h.call(intruder, BENEFICIARY, { id: victim['id'] })).data!['beneficiary'], null);
    assert.deepEqual(
      (await h.call(intruder, BENEFICIARIES, { filter: { contractId } })).data!['beneficiaries'].edges,
      [],
    );
    assert.deepEqual(
      (await h.call(intruder, ENTITIES, { representations: [{ __typename: 'Beneficiary', id: victim['id'] }] })).data![
        '_entities'
      ],
      [null],
    );
    const update = await h.call(intruder, UPDATE, { input: { id: victim['id'], version: 1, name: 'Hacked' } });
    assert.equal(update.errors?.[0]?.extensions?.['code'], 'NOT_FOUND');
    const remove = await h.call(intruder, REMOVE, { input: { id: victim['id'], version: 1 } });
    assert.equal(remove.errors?.[0]?.extensions?.['code'], 'NOT_FOUND');
    assert.equal((await enroll(person(), intruder)).problem?.reason, 'CONTRACT_NOT_FOUND');
    const intruderContract = await h.contract({ tenant: intruder.tenant, status: 'ACTIVE' });
    const borrowed = await enroll(
      person({ contractId: intruderContract, relationship: 'SPOUSE', holderId: victim['id'] }),
      intruder,
    );
    assert.equal(borrowed.problem?.reason, 'INVALID_HOLDER');
    const row = await h.sql.query('select name, removed_at, version from beneficiaries.beneficiary where id = $1', [
      victim['id'],
    ]);
    assert.deepEqual(row.rows[0], { name: 'Maria da Silva', removed_at: null, version: 1 });
  });

  it('refuses calls that do not carry an identity signed by the gateway', async () => {
    const anonymous = await graphqlRequest(h.app.url, '{ beneficiaries { edges { cursor } } }');
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.errors?.[0]?.extensions?.['code'], 'UNAUTHENTICATED');
  });
});
