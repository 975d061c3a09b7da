import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { uniqueName } from '@salesgraph/testkit';
import { startBeneficiariesHarness, type BeneficiariesHarness, type Caller } from '../testing/beneficiaries-harness.js';
import { ENROLL_MANY } from '../testing/documents.js';

interface Row {
  cpf: string;
  name: string;
  birthDate: string;
  relationship: string;
  holderCpf?: string;
  holderId?: string;
}

describe('beneficiaries: bulk enrolment, all or nothing, on real PostgreSQL and Kafka', () => {
  let h: BeneficiariesHarness;
  const tenant = uniqueName('tenant');
  const operations: Caller = { tenant, roles: ['OPERATIONS'] };

  /** `families` holders, each followed by a spouse and a child named by the holder's CPF. */
  const families = (count: number): Row[] =>
    Array.from({ length: count }, (_, i) => {
      const holderCpf = h.cpf();
      return [
        { cpf: holderCpf, name: `Titular ${i}`, birthDate: '1980-01-15', relationship: 'HOLDER' },
        { cpf: h.cpf(), name: `Cônjuge ${i}`, birthDate: '1982-07-30', relationship: 'SPOUSE', holderCpf },
        { cpf: h.cpf(), name: `Filho ${i}`, birthDate: '2014-03-09', relationship: 'CHILD', holderCpf },
      ];
    }).flat();
  const enrollMany = async (contractId: string, rows: readonly Row[]) => {
    const response = await h.call(operations, ENROLL_MANY, { input: { contractId, rows } });
    assert.equal(response.errors, undefined, JSON.stringify(response.errors?.slice(0, 3)));
    return response.data!['enrollBeneficiaries'] as {
      count: number;
      problem: { reason: string; message: string } | null;
      rowProblems: { row: number; field: string; reason: string; message: string }[];
      eventIds: string[];
      enrolled: { id: string; cpf: string; relationship: string; holder: { id: string } | null }[];
    };
  };
  const totals = async (contractId?: string) => {
    const rows = await h.sql.query(
      `select (select count(*)::int from beneficiaries.beneficiary ${contractId ? 'where contract_id = $1' : ''}) as beneficiaries, (select count(*)::int from beneficiaries.outbox) as events`,
      contractId ? [contractId] : [],
    );
    return rows.rows[0] as { beneficiaries: number; events: number };
  };

  before(async () => {
    h = await startBeneficiariesHarness('beneficiaries_bulk');
  });

  after(async () => {
    await h?.stop();
  });

  it('answers a contract of another tenant and a random id alike: CONTRACT_NOT_FOUND, no row, no event', async () => {
    const foreign = await h.contract({ tenant: uniqueName('other'), status: 'ACTIVE' });
    const before = await totals();
    const answers = [await enrollMany(foreign, families(1)), await enrollMany(randomUUID(), families(1))];
    assert.deepEqual(answers[0], {
      count: 0,
      problem: { reason: 'CONTRACT_NOT_FOUND', message: 'The contract (contractId) was not found' },
      rowProblems: [],
      eventIds: [],
      enrolled: [],
    });
    assert.deepEqual(answers[1], answers[0]);
    assert.deepEqual(await totals(), before);
  });

  it('enrols 1,000 rows (holders with dependents named by CPF) in one call, exactly at the lives limit, in a bounded number of statements', async () => {
    const contractId = await h.contract({ tenant, status: 'ACTIVE', contractedLives: 1000 });
    const rows = [
      ...families(333),
      { cpf: h.cpf(), name: 'Titular extra', birthDate: '1970-10-10', relationship: 'HOLDER' },
    ];
    assert.equal(rows.length, 1000);
    let result!: Awaited<ReturnType<typeof enrollMany>>;
    const statements = await h.statementsDuring(async () => {
      result = await enrollMany(contractId, rows);
    });
    assert.equal(result.problem, null, JSON.stringify(result.problem));
    assert.equal(result.count, 1000);
    assert.equal(result.eventIds.length, 1000);
    assert.deepEqual(
      result.enrolled.map((b) => b.relationship),
      rows.map((row) => row.relationship),
    );
    assert.equal(result.enrolled[1]!.holder?.id, result.enrolled[0]!.id);
    assert.equal(result.enrolled[2]!.holder?.id, result.enrolled[0]!.id);
    assert.equal((await totals(contractId)).beneficiaries, 1000);
    const events = await h.sql.query(
      `select count(*)::int as n from beneficiaries.outbox where payload->>'eventType' = 'beneficiary.enrolled'`,
    );
    assert.equal(events.rows[0].n, 1000);
    const inserts = statements.filter((sql) => /insert into/i.test(sql));
    assert.ok(statements.length <= 30, `expected batched SQL, got ${statements.length} statements`);
    assert.ok(inserts.length <= 10, `expected multi-row inserts, got ${inserts.length} insert statements`);
    assert.ok(
      statements.some((sql) => /contract_snapshot.*for no key update/is.test(sql)),
      'the contract snapshot row is locked',
    );
    const distinctCards = await h.sql.query(
      'select count(distinct health_card_number)::int as n from beneficiaries.beneficiary where contract_id = $1',
      [contractId],
    );
    assert.equal(distinctCards.rows[0].n, 1000);
  });

  it('reports all three bad rows of a bulk (row, field, reason) and persists nothing', async () => {
    const contractId = await h.contract({ tenant, status: 'ACTIVE', contractedLives: 100 });
    const rows = families(10);
    rows[4] = { ...rows[4]!, cpf: '52998224726' };
    rows[17] = { ...rows[17]!, birthDate: '2999-12-31' };
    rows[26] = { cpf: h.cpf(), name: 'Sem Titular', birthDate: '2001-01-01', relationship: 'OTHER_DEPENDENT' };
    const before = await totals();
    const result = await enrollMany(contractId, rows);
    assert.equal(result.problem?.reason, 'INVALID_ROWS');
    assert.equal(result.count, 0);
    assert.deepEqual(result.enrolled, []);
    assert.deepEqual(result.eventIds, []);
    assert.deepEqual(
      result.rowProblems.map(({ row, field, reason }) => ({ row, field, reason })),
      [
        { row: 4, field: 'cpf', reason: 'INVALID_CPF' },
        { row: 17, field: 'birthDate', reason: 'INVALID_BIRTH_DATE' },
        { row: 26, field: 'holderId', reason: 'HOLDER_REQUIRED' },
      ],
    );
    assert.ok(result.rowProblems.every((problem) => problem.message.length > 0));
    assert.deepEqual(await totals(), before);
    assert.equal((await totals(contractId)).beneficiaries, 0);
  });

  it('reports rows that clash with the database or with each other: active CPFs, repeated CPFs, holders of another contract', async () => {
    const first = await h.contract({ tenant, status: 'ACTIVE', contractedLives: 10 });
    const seeded = await enrollMany(first, families(1));
    assert.equal(seeded.problem, null);
    const second = await h.contract({ tenant, status: 'ACTIVE', contractedLives: 10 });
    const repeated = h.cpf();
    const rows: Row[] = [
      { cpf: seeded.enrolled[1]!.cpf, name: 'Já ativo', birthDate: '1990-01-01', relationship: 'HOLDER' },
      { cpf: repeated, name: 'Primeiro', birthDate: '1990-01-01', relationship: 'HOLDER' },
      { cpf: repeated, name: 'Repetido', birthDate: '1990-01-01', relationship: 'HOLDER' },
      {
        cpf: h.cpf(),
        name: 'Dependente alheio',
        birthDate: '2010-01-01',
        relationship: 'CHILD',
        holderId: seeded.enrolled[0]!.id,
      },
      { cpf: h.cpf(), name: 'Válido', birthDate: '1990-01-01', relationship: 'HOLDER' },
    ];
    const before = await totals();
    const result = await enrollMany(second, rows);
    assert.deepEqual(
      result.rowProblems.map(({ row, field, reason }) => ({ row, field, reason })),
      [
        { row: 0, field: 'cpf', reason: 'DUPLICATE_CPF' },
        { row: 2, field: 'cpf', reason: 'DUPLICATE_CPF_IN_BATCH' },
        { row: 3, field: 'holderId', reason: 'INVALID_HOLDER' },
      ],
    );
    assert.deepEqual(await totals(), before);
  });

  it('reports a bulk whose every row is bad, row by row', async () => {
    const contractId = await h.contract({ tenant, status: 'ACTIVE', contractedLives: 10 });
    const result = await enrollMany(contractId, [
      { cpf: '123', name: ' ', birthDate: '1990-01-01', relationship: 'HOLDER' },
      { cpf: h.cpf(), name: 'Órfão', birthDate: '2999-01-01', relationship: 'CHILD' },
    ]);
    assert.equal(result.problem?.reason, 'INVALID_ROWS');
    assert.deepEqual(
      result.rowProblems.map(({ row, field, reason }) => ({ row, field, reason })),
      [
        { row: 0, field: 'cpf', reason: 'INVALID_CPF' },
        { row: 0, field: 'name', reason: 'INVALID_NAME' },
        { row: 1, field: 'birthDate', reason: 'INVALID_BIRTH_DATE' },
        { row: 1, field: 'holderId', reason: 'HOLDER_REQUIRED' },
      ],
    );
    assert.equal((await totals(contractId)).beneficiaries, 0);
  });

  it('refuses a bulk that would exceed the contracted lives, persisting nothing', async () => {
    const contractId = await h.contract({ tenant, status: 'ACTIVE', contractedLives: 5 });
    const result = await enrollMany(contractId, families(2));
    assert.equal(result.problem?.reason, 'LIVES_LIMIT_EXCEEDED');
    assert.deepEqual(result.rowProblems, []);
    assert.equal((await totals(contractId)).beneficiaries, 0);
  });

  it('refuses a bulk into a DRAFT contract', async () => {
    const contractId = await h.contract({ tenant, status: 'DRAFT' });
    const result = await enrollMany(contractId, families(1));
    assert.equal(result.problem?.reason, 'CONTRACT_NOT_ENROLLABLE');
    assert.equal((await totals(contractId)).beneficiaries, 0);
  });

  it('refuses more than 1,000 rows, and none, as BAD_USER_INPUT on rows', async () => {
    const contractId = await h.contract({ tenant, status: 'ACTIVE', contractedLives: 2000 });
    const row = { cpf: '52998224725', name: 'X', birthDate: '1990-01-01', relationship: 'HOLDER' };
    for (const rows of [Array.from({ length: 1001 }, () => row), []]) {
      const response = await h.call(operations, ENROLL_MANY, { input: { contractId, rows } });
      assert.equal(response.errors?.[0]?.extensions?.['code'], 'BAD_USER_INPUT');
      assert.equal(response.errors?.[0]?.extensions?.['field'], 'rows');
    }
  });
});
