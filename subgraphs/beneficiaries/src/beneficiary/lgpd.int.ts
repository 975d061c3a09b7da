import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseEvent, topics, type EventEnvelope } from '@salesgraph/events';
import type { BusConsumer } from '@salesgraph/kafka';
import { uniqueName, waitFor } from '@salesgraph/testkit';
import { startBeneficiariesHarness, type BeneficiariesHarness, type Caller } from '../testing/beneficiaries-harness.js';
import { BENEFICIARY, ENROLL, ERASE, EXPORT, REMOVE } from '../testing/documents.js';
import { ERASED_NAME } from './lgpd.service.js';

describe('beneficiaries: LGPD erasure and export on real PostgreSQL and Kafka', () => {
  let h: BeneficiariesHarness;
  let consumer: BusConsumer;
  const published: EventEnvelope[] = [];
  const tenant = uniqueName('tenant');
  const operations: Caller = { tenant, roles: ['OPERATIONS'] };
  const legal: Caller = { tenant, roles: ['LEGAL_COUNSEL'], sub: 'dpo-1' };
  let contractId: string;

  const enrolled = async (input: Record<string, unknown>, caller: Caller = operations) => {
    const response = await h.call(caller, ENROLL, {
      input: { contractId, name: 'Pessoa', birthDate: '1990-01-01', relationship: 'HOLDER', cpf: h.cpf(), ...input },
    });
    assert.equal(response.data?.['enrollBeneficiary']?.problem, null, JSON.stringify(response));
    return response.data['enrollBeneficiary'].beneficiary as Record<string, any>;
  };

  before(async () => {
    h = await startBeneficiariesHarness('beneficiaries_lgpd');
    await h.bus.ensureTopics([topics.beneficiary]);
    consumer = await h.bus.consumer({ groupId: 'lgpd-observer', topics: [topics.beneficiary], fromBeginning: true });
    await consumer.run(async (message) => {
      published.push(parseEvent(JSON.parse(message.value!.toString('utf8'))));
    });
    contractId = await h.contract({ tenant, contractedLives: 20 });
  });

  after(async () => {
    await consumer?.stop();
    await h?.stop();
  });

  it('anonymises the person, keeps the row counted, and emits beneficiary.erased to Kafka without personal data', async () => {
    const cpf = h.cpf();
    const b = await enrolled({ cpf, name: 'Helena Duarte', birthDate: '1977-08-19' });
    const livesBefore = await h.sql.query(
      'select count(*)::int as n from beneficiaries.beneficiary where contract_id = $1 and removed_at is null',
      [contractId],
    );

    const erased = (await h.call(legal, ERASE, { input: { id: b['id'] } })).data!['eraseBeneficiary'];
    assert.equal(erased.problem, null);
    assert.equal(erased.beneficiary.name, ERASED_NAME);
    assert.equal(erased.beneficiary.cpf, null);
    assert.equal(erased.beneficiary.birthDate, null);
    assert.ok(erased.beneficiary.erasedAt);
    assert.equal(erased.beneficiary.active, true);

    const asOps = (await h.call(operations, BENEFICIARY, { id: b['id'] })).data!['beneficiary'];
    assert.deepEqual(
      [asOps.name, asOps.cpf, asOps.birthDate, asOps.healthCardNumber],
      [ERASED_NAME, null, null, b['healthCardNumber']],
    );
    const row = await h.sql.query(
      'select name, cpf, birth_date, erased_at is not null as erased, contract_id, relationship from beneficiaries.beneficiary where id = $1',
      [b['id']],
    );
    assert.deepEqual(row.rows[0], {
      name: ERASED_NAME,
      cpf: null,
      birth_date: null,
      erased: true,
      contract_id: contractId,
      relationship: 'HOLDER',
    });
    const livesAfter = await h.sql.query(
      'select count(*)::int as n from beneficiaries.beneficiary where contract_id = $1 and removed_at is null',
      [contractId],
    );
    assert.equal(livesAfter.rows[0].n, livesBefore.rows[0].n, 'the row still counts');
    const everything = await h.sql.query(
      `select count(*)::int as n from beneficiaries.beneficiary where name like '%Helena%' or cpf = $1`,
      [cpf],
    );
    assert.equal(everything.rows[0].n, 0);

    const event = await waitFor(() => published.find((e) => e.eventId === erased.eventId), {
      description: 'beneficiary.erased on Kafka',
    });
    assert.equal(event.eventType, 'beneficiary.erased');
    assert.equal(event.aggregateId, b['id']);
    assert.equal(event.aggregateVersion, 2);
    assert.equal(event.actor, 'dpo-1');
    for (const secret of [cpf, 'Helena', 'Duarte', '1977-08-19']) {
      assert.ok(!published.some((e) => JSON.stringify(e).includes(secret)), `no published event carries ${secret}`);
    }
  });

  it('answers a second erasure with ALREADY_ERASED, and lets only LEGAL_COUNSEL and SYSTEM_ADMIN erase', async () => {
    const b = await enrolled({});
    for (const roles of [['OPERATIONS'], ['SALES_MANAGER'], ['SALES_REP']] as const) {
      const refused = await h.call({ tenant, roles }, ERASE, { input: { id: b['id'] } });
      assert.equal(refused.errors?.[0]?.extensions?.['code'], 'FORBIDDEN', roles[0]);
    }
    assert.equal(
      (await h.call({ tenant, roles: ['SYSTEM_ADMIN'] }, ERASE, { input: { id: b['id'] } })).data!['eraseBeneficiary']
        .problem,
      null,
    );
    assert.equal(
      (await h.call(legal, ERASE, { input: { id: b['id'] } })).data!['eraseBeneficiary'].problem.reason,
      'ALREADY_ERASED',
    );
    const events = await h.outbox(b['id']);
    assert.deepEqual(
      events.map((e) => e.eventType),
      ['beneficiary.enrolled', 'beneficiary.erased'],
    );
  });

  it('frees the CPF of an erased person for a new enrolment', async () => {
    const cpf = h.cpf();
    const b = await enrolled({ cpf });
    await h.call(legal, ERASE, { input: { id: b['id'] } });
    const again = await enrolled({ cpf });
    assert.equal(again['cpf'], cpf);
  });

  it('exports every record held about a CPF in the tenant (active and removed, clear), and nothing of other tenants', async () => {
    const cpf = h.cpf();
    const first = await enrolled({ cpf, name: 'Rita Souza', birthDate: '1969-03-03' });
    await h.call(operations, REMOVE, { input: { id: first['id'], version: 1 } });
    const second = await enrolled({ cpf, name: 'Rita Souza', birthDate: '1969-03-03' });
    const otherTenant = uniqueName('other');
    const otherContract = await h.contract({ tenant: otherTenant });
    await h.call({ tenant: otherTenant, roles: ['OPERATIONS'] }, ENROLL, {
      input: { contractId: otherContract, cpf, name: 'Rita Souza', birthDate: '1969-03-03', relationship: 'HOLDER' },
    });

    const exported = (
      await h.call(legal, EXPORT, { cpf: `${cpf.slice(0, 3)}.${cpf.slice(3, 6)}.${cpf.slice(6, 9)}-${cpf.slice(9)}` })
    ).data!['beneficiaryDataExport'];
    assert.equal(exported.cpf, cpf);
    assert.deepEqual(
      exported.records.map((r: { id: string }) => r.id),
      [first['id'], second['id']],
    );
    assert.deepEqual(
      exported.records.map((r: { active: boolean; cpf: string; birthDate: string; name: string }) => [
        r.active,
        r.cpf,
        r.birthDate,
        r.name,
      ]),
      [
        [false, cpf, '1969-03-03', 'Rita Souza'],
        [true, cpf, '1969-03-03', 'Rita Souza'],
      ],
    );
    assert.ok(
      exported.records.every(
        (r: { healthCardNumber: string; ans: { status: string }; contract: { id: string } }) =>
          r.healthCardNumber && r.ans.status && r.contract.id === contractId,
      ),
    );
  });

  it('refuses the export to roles without access to personal data, and rejects an invalid CPF', async () => {
    for (const roles of [['SALES_REP'], ['SALES_MANAGER'], ['CUSTOMER_SUCCESS']] as const) {
      const refused = await h.call({ tenant, roles }, EXPORT, { cpf: '52998224725' });
      assert.equal(refused.errors?.[0]?.extensions?.['code'], 'FORBIDDEN', roles[0]);
    }
    const invalid = await h.call(legal, EXPORT, { cpf: '52998224726' });
    assert.equal(invalid.errors?.[0]?.extensions?.['field'], 'cpf');
  });

  it('finds nothing to export once the person is erased', async () => {
    const cpf = h.cpf();
    const b = await enrolled({ cpf });
    await h.call(legal, ERASE, { input: { id: b['id'] } });
    const exported = (await h.call(legal, EXPORT, { cpf })).data!['beneficiaryDataExport'];
    assert.deepEqual(exported.records, []);
  });

  it("refuses to erase another tenant's beneficiary", async () => {
    const b = await enrolled({ name: 'Protegida' });
    const intruder = await h.call({ tenant: uniqueName('intruder'), roles: ['SYSTEM_ADMIN'] }, ERASE, {
      input: { id: b['id'] },
    });
    assert.equal(intruder.errors?.[0]?.extensions?.['code'], 'NOT_FOUND');
    const row = await h.sql.query('select name, erased_at from beneficiaries.beneficiary where id = $1', [b['id']]);
    assert.deepEqual(row.rows[0], { name: 'Protegida', erased_at: null });
  });
});
