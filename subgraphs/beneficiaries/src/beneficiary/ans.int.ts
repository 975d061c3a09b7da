import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { uniqueName } from '@salesgraph/testkit';
import {
  OPERATOR_REGISTRATION,
  startBeneficiariesHarness,
  type BeneficiariesHarness,
  type Caller,
} from '../testing/beneficiaries-harness.js';
import { ANS_BATCH, ANS_OUTCOME, ENROLL, REMOVE, SUBMIT_ANS, UPDATE } from '../testing/documents.js';
import { businessDate } from './beneficiary.dates.js';

const HOUR = 3_600_000;

describe('beneficiaries: ANS registration (deadline, XML batch, submission, outcomes) on real PostgreSQL and Kafka', () => {
  let h: BeneficiariesHarness;
  const tenant = uniqueName('tenant');
  const operations: Caller = { tenant, roles: ['OPERATIONS'] };

  const enrolled = async (input: Record<string, unknown>) => {
    const response = await h.call(operations, ENROLL, {
      input: { name: 'Pessoa', birthDate: '1990-01-01', relationship: 'HOLDER', cpf: h.cpf(), ...input },
    });
    assert.equal(response.errors, undefined, JSON.stringify(response.errors));
    assert.equal(response.data!['enrollBeneficiary'].problem, null);
    return response.data!['enrollBeneficiary'].beneficiary as Record<string, any>;
  };
  const xmlOf = async (contractId: string, caller: Caller = operations) => {
    const response = await h.call(caller, ANS_BATCH, { contractId });
    assert.equal(response.errors, undefined, JSON.stringify(response.errors));
    return response.data!['ansBatch'] as string;
  };
  const beneficiarios = (xml: string) =>
    [...xml.matchAll(/<beneficiario>([\s\S]*?)<\/beneficiario>/g)].map((match) => match[1]!);

  before(async () => {
    h = await startBeneficiariesHarness('beneficiaries_ans');
  });

  after(async () => {
    await h?.stop();
  });

  it('sets the ANS deadline to exactly 72 hours after inclusion, on the beneficiary, the row and the event', async () => {
    const contractId = await h.contract({ tenant });
    const before = Date.now();
    const b = await enrolled({ contractId });
    const includedAt = Date.parse(b['includedAt']);
    assert.ok(includedAt >= before - 1000 && includedAt <= Date.now() + 1000);
    assert.equal(Date.parse(b['ans'].deadline) - includedAt, 72 * HOUR);
    assert.equal(b['ans'].status, 'PENDING');
    assert.equal(b['inclusionDate'], businessDate(new Date(includedAt)));
    const row = await h.sql.query(
      `select extract(epoch from ans_deadline - included_at)::int as seconds from beneficiaries.beneficiary where id = $1`,
      [b['id']],
    );
    assert.equal(row.rows[0].seconds, 72 * 3600);
    const [event] = await h.outbox(b['id']);
    const snapshot = (event!.data as { beneficiary: { ansDeadline: string; inclusionDate: string } }).beneficiary;
    assert.equal(Date.parse(snapshot.ansDeadline), Date.parse(b['ans'].deadline));
    assert.equal(snapshot.inclusionDate, b['inclusionDate']);
  });

  it("writes the XML of the contract's PENDING beneficiaries: cabecalho, and per person cpf, nome, dataNascimento, plano, dataInclusao, escaped", async () => {
    const contractId = await h.contract({ tenant, planType: 'HOSPITALAR_OBSTETRICIA' });
    const otherContract = await h.contract({ tenant });
    const holderCpf = h.cpf();
    const holder = await enrolled({
      contractId,
      cpf: holderCpf,
      name: 'Ana "Bia" D\'Ávila & <Filhos>',
      birthDate: '1979-11-23',
    });
    const child = await enrolled({
      contractId,
      name: "Caio D'Ávila",
      birthDate: '2012-02-29',
      relationship: 'CHILD',
      holderId: holder['id'],
    });
    const removed = await enrolled({ contractId, name: 'Removido' });
    await h.call(operations, REMOVE, { input: { id: removed['id'], version: 1 } });
    await enrolled({ contractId: otherContract, name: 'Outro Contrato' });

    const xml = await xmlOf(contractId);
    assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>'));
    const header = /<cabecalho>([\s\S]*?)<\/cabecalho>/.exec(xml)?.[1] ?? '';
    assert.match(header, new RegExp(`<registroANS>${OPERATOR_REGISTRATION}</registroANS>`));
    assert.match(header, new RegExp(`<dataEnvio>${businessDate(new Date())}</dataEnvio>`));
    assert.match(header, /<quantidadeBeneficiarios>2<\/quantidadeBeneficiarios>/);
    const people = beneficiarios(xml);
    assert.equal(people.length, 2);
    const field = (person: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(person)?.[1];
    assert.deepEqual(
      ['cpf', 'nome', 'dataNascimento', 'plano', 'dataInclusao'].map((name) => field(people[0]!, name)),
      [
        holderCpf,
        'Ana &quot;Bia&quot; D&apos;Ávila &amp; &lt;Filhos&gt;',
        '1979-11-23',
        'HOSPITALAR_OBSTETRICIA',
        holder['inclusionDate'],
      ],
    );
    assert.equal(field(people[1]!, 'nome'), 'Caio D&apos;Ávila');
    assert.equal(field(people[1]!, 'dataNascimento'), '2012-02-29');
    assert.ok(!xml.includes('Removido') && !xml.includes('Outro Contrato'));
    assert.ok(!xml.includes('<Filhos>'));
    assert.equal(child['ans'].status, 'PENDING');
  });

  it("lets only OPERATIONS, LEGAL_COUNSEL and SYSTEM_ADMIN read the ANS XML, and answers NOT_FOUND for another tenant's contract", async () => {
    const contractId = await h.contract({ tenant });
    await enrolled({ contractId });
    for (const roles of [['LEGAL_COUNSEL'], ['SYSTEM_ADMIN']] as const)
      assert.equal(beneficiarios(await xmlOf(contractId, { tenant, roles })).length, 1);
    for (const roles of [['SALES_REP'], ['SALES_MANAGER'], ['CEO_BOARD'], ['CUSTOMER_SUCCESS']] as const) {
      const response = await h.call({ tenant, roles }, ANS_BATCH, { contractId });
      assert.equal(response.errors?.[0]?.extensions?.['code'], 'FORBIDDEN', roles[0]);
      assert.equal(response.data, null);
    }
    const intruder = await h.call({ tenant: uniqueName('intruder'), roles: ['OPERATIONS'] }, ANS_BATCH, { contractId });
    assert.equal(intruder.errors?.[0]?.extensions?.['code'], 'NOT_FOUND');
  });

  it("answers submitAnsBatch for another tenant's contract and a random id alike: CONTRACT_NOT_FOUND, nothing written", async () => {
    const foreign = await h.contract({ tenant: uniqueName('other') });
    const written = async () =>
      (
        await h.sql.query(
          "select count(*)::int as n from beneficiaries.outbox where payload->>'eventType' = 'beneficiary.ans_submitted'",
        )
      ).rows[0].n as number;
    const before = await written();
    const answers = [];
    for (const contractId of [foreign, randomUUID()])
      answers.push((await h.call(operations, SUBMIT_ANS, { contractId })).data!['submitAnsBatch']);
    assert.deepEqual(answers[0], {
      batchId: null,
      xml: null,
      submitted: [],
      problem: { reason: 'CONTRACT_NOT_FOUND', message: 'The contract (contractId) was not found' },
      eventIds: [],
    });
    assert.deepEqual(answers[1], answers[0]);
    assert.equal(await written(), before);
  });

  it('replays submitAnsBatch under its Idempotency-Key with the same batch, XML and beneficiaries, submitting nothing again', async () => {
    const contractId = await h.contract({ tenant });
    await enrolled({ contractId, name: 'Repetida' });
    const headers = { 'idempotency-key': randomUUID() };
    const first = await h.call(operations, SUBMIT_ANS, { contractId }, headers);
    assert.equal(first.data!['submitAnsBatch'].problem, null);
    const replay = await h.call(operations, SUBMIT_ANS, { contractId }, headers);
    assert.deepEqual(replay, first);
    const batches = await h.sql.query(
      "select count(*)::int as n from beneficiaries.outbox where payload->>'eventType' = 'beneficiary.ans_submitted' and payload->'data'->>'batchId' = $1",
      [first.data!['submitAnsBatch'].batchId],
    );
    assert.equal(batches.rows[0].n, 1);
  });

  it('submits the pending beneficiaries as one batch, then records REGISTERED and REJECTED answers; a corrected rejection is PENDING again', async () => {
    const contractId = await h.contract({ tenant });
    const a = await enrolled({ contractId, name: 'Primeira' });
    const b = await enrolled({ contractId, name: 'Segunda' });

    const forbidden = await h.call({ tenant, roles: ['LEGAL_COUNSEL'] }, SUBMIT_ANS, { contractId });
    assert.equal(forbidden.errors?.[0]?.extensions?.['code'], 'FORBIDDEN');
    const tooEarly = await h.call(operations, ANS_OUTCOME, {
      input: { id: a['id'], version: 1, outcome: 'REGISTERED', registrationId: 'X' },
    });
    assert.equal(tooEarly.data!['recordAnsOutcome'].problem.reason, 'INVALID_ANS_TRANSITION');

    const submitted = (await h.call(operations, SUBMIT_ANS, { contractId })).data!['submitAnsBatch'];
    assert.equal(submitted.problem, null);
    assert.equal(beneficiarios(submitted.xml).length, 2);
    assert.deepEqual(
      submitted.submitted.map((s: { ans: { status: string; batchId: string } }) => [s.ans.status, s.ans.batchId]),
      [
        ['SUBMITTED', submitted.batchId],
        ['SUBMITTED', submitted.batchId],
      ],
    );
    assert.equal(submitted.eventIds.length, 2);
    assert.equal(beneficiarios(await xmlOf(contractId)).length, 0, 'nothing is pending any more');
    const again = (await h.call(operations, SUBMIT_ANS, { contractId })).data!['submitAnsBatch'];
    assert.equal(again.problem.reason, 'NOTHING_TO_SUBMIT');

    const missingId = await h.call(operations, ANS_OUTCOME, {
      input: { id: a['id'], version: 2, outcome: 'REGISTERED' },
    });
    assert.equal(missingId.errors?.[0]?.extensions?.['field'], 'registrationId');
    const registered = (
      await h.call(operations, ANS_OUTCOME, {
        input: { id: a['id'], version: 2, outcome: 'REGISTERED', registrationId: 'ANS-778899' },
      })
    ).data!['recordAnsOutcome'];
    assert.deepEqual(registered.beneficiary.ans, {
      status: 'REGISTERED',
      registrationId: 'ANS-778899',
      rejectionReason: null,
    });
    const rejected = (
      await h.call(operations, ANS_OUTCOME, {
        input: { id: b['id'], version: 2, outcome: 'REJECTED', reason: 'CPF divergente na Receita' },
      })
    ).data!['recordAnsOutcome'];
    assert.deepEqual(rejected.beneficiary.ans, {
      status: 'REJECTED',
      registrationId: null,
      rejectionReason: 'CPF divergente na Receita',
    });
    const twice = (
      await h.call(operations, ANS_OUTCOME, { input: { id: a['id'], version: 3, outcome: 'REJECTED', reason: 'x' } })
    ).data!['recordAnsOutcome'];
    assert.equal(twice.problem.reason, 'INVALID_ANS_TRANSITION');

    const corrected = (
      await h.call(operations, UPDATE, { input: { id: b['id'], version: 3, name: 'Segunda Corrigida' } })
    ).data!['updateBeneficiary'];
    assert.deepEqual(
      [corrected.beneficiary.ans.status, corrected.beneficiary.ans.batchId, corrected.beneficiary.ans.rejectionReason],
      ['PENDING', null, null],
    );
    assert.equal(beneficiarios(await xmlOf(contractId)).length, 1);

    assert.deepEqual(
      (await h.outbox(a['id'])).map((e) => [e.eventType, e.aggregateVersion]),
      [
        ['beneficiary.enrolled', 1],
        ['beneficiary.ans_submitted', 2],
        ['beneficiary.ans_registered', 3],
      ],
    );
    assert.deepEqual(
      (await h.outbox(b['id'])).map((e) => [e.eventType, e.aggregateVersion]),
      [
        ['beneficiary.enrolled', 1],
        ['beneficiary.ans_submitted', 2],
        ['beneficiary.ans_rejected', 3],
        ['beneficiary.updated', 4],
      ],
    );
  });
});
