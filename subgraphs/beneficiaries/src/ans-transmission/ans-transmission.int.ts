import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uniqueName, waitFor } from '@salesgraph/testkit';
import { startBeneficiariesHarness, type BeneficiariesHarness, type Caller } from '../testing/beneficiaries-harness.js';
import { ENROLL, SUBMIT_ANS } from '../testing/documents.js';
import { startAnsRegulator, type AnsRegulator } from '../testing/ans-regulator.server.js';
import { makeTestCertificate, type TestCertificate } from '../testing/test-certificate.js';
import { AnsBatchInvalid, validateAnsBatch } from './ans-batch.schema.js';
import { verifyAnsBatchSignature } from './ans-batch.signature.js';
import { FileDropAnsTransport } from './ans-file-drop.transport.js';

describe('beneficiaries: ANS transmission (XSD, XML-DSig, SOAP with the certificate, receipts) on real PostgreSQL and Kafka', () => {
  let dir: string;
  let operator: TestCertificate;
  let regulator: AnsRegulator;
  let h: BeneficiariesHarness;
  const tenant = uniqueName('tenant');
  const operations: Caller = { tenant, roles: ['OPERATIONS'] };

  const enrol = async (contractId: string, name: string) => {
    const response = await h.call(operations, ENROLL, {
      input: { contractId, name, birthDate: '1988-05-17', relationship: 'HOLDER', cpf: h.cpf() },
    });
    assert.equal(response.errors, undefined, JSON.stringify(response.errors));
    return response.data!['enrollBeneficiary'].beneficiary as { id: string; cpf: string };
  };
  const ansOf = async (id: string) =>
    (
      await h.sql.query(
        'select ans_status, ans_registration_id, ans_rejection_reason from beneficiaries.beneficiary where id = $1',
        [id],
      )
    ).rows[0];
  const transmissionsOf = async (contractId: string) =>
    (await h.sql.query('select * from beneficiaries.ans_transmission where contract_id = $1', [contractId])).rows;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ans-'));
    operator = makeTestCertificate(dir, 'operadora teste');
    const server = makeTestCertificate(dir, 'regulator', { server: true });
    regulator = await startAnsRegulator(server, operator);
    h = await startBeneficiariesHarness('beneficiaries_ans_transmission', {
      env: {
        ANS_TRANSPORT: 'soap',
        ANS_SOAP_URL: regulator.url,
        ANS_SOAP_CA_FILE: server.certPath,
        ANS_SIGNING_KEY_FILE: operator.keyPath,
        ANS_SIGNING_CERT_FILE: operator.certPath,
        ANS_POLL_INTERVAL_MS: '50',
        ANS_RETRY_BASE_MS: '5',
        ANS_RETRY_MAX_MS: '40',
      },
    });
  });

  after(async () => {
    await h?.stop();
    await regulator?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('validates and signs the batch, sends it over SOAP (through a passing fault), and applies the receipt with one rejection', async () => {
    const contractId = await h.contract({ tenant });
    const people = [
      await enrol(contractId, 'Marina Costa Vieira'),
      await enrol(contractId, 'Otávio Reis Prado'),
      await enrol(contractId, 'Lívia Mendes & Filhos'),
    ];
    regulator.reject(people[1]!.cpf, 'CPF divergente na base da Receita Federal');
    regulator.failNext('enviarLote', 1);

    const submitted = (await h.call(operations, SUBMIT_ANS, { contractId })).data!['submitAnsBatch'];
    assert.equal(submitted.problem, null);
    const [transmission] = await transmissionsOf(contractId);
    assert.equal(transmission.id, submitted.batchId);
    assert.equal(transmission.batch_xml, submitted.xml);
    await validateAnsBatch(transmission.batch_xml);
    assert.ok(verifyAnsBatchSignature(transmission.signed_xml, operator.certificatePem), 'the signature verifies');
    assert.equal(
      verifyAnsBatchSignature(transmission.signed_xml.replace('Marina', 'Mariana'), operator.certificatePem),
      false,
      'a changed batch no longer verifies',
    );

    await waitFor(async () => (await transmissionsOf(contractId))[0].status === 'ANSWERED', {
      description: 'the batch sent and answered',
    });
    const [answered] = await transmissionsOf(contractId);
    const received = regulator.batches.find((batch) => batch.batchId === submitted.batchId)!;
    assert.equal(regulator.batches.filter((batch) => batch.batchId === submitted.batchId).length, 1);
    assert.equal(received.signedXml, transmission.signed_xml);
    assert.equal(answered.protocol, received.protocol);
    assert.match(answered.receipt_xml, new RegExp(`<sib:numeroProtocolo>${received.protocol}<`));
    assert.match(answered.answer_xml, /PROCESSADO/);
    assert.equal(answered.attempts, 1);
    assert.deepEqual(regulator.calls.slice(0, 2), ['enviarLote', 'enviarLote'], 'the fault was retried');

    const [first, rejected, third] = await Promise.all(people.map((person) => ansOf(person.id)));
    assert.equal(first.ans_status, 'REGISTERED');
    assert.match(first.ans_registration_id, /^\d{10}$/);
    assert.equal(third.ans_status, 'REGISTERED');
    assert.deepEqual(rejected, {
      ans_status: 'REJECTED',
      ans_registration_id: null,
      ans_rejection_reason: 'CPF divergente na base da Receita Federal',
    });
    const outcomes = (await h.outbox())
      .filter((event) => people.some((person) => person.id === event.aggregateId))
      .map((event) => event.eventType)
      .filter((type) => type === 'beneficiary.ans_registered' || type === 'beneficiary.ans_rejected')
      .sort();
    assert.deepEqual(outcomes, [
      'beneficiary.ans_registered',
      'beneficiary.ans_registered',
      'beneficiary.ans_rejected',
    ]);
  });

  it('never sends a batch that fails the XSD: the submission is refused without the personal data, nothing changes', async () => {
    const contractId = await h.contract({ tenant });
    const longName = 'Maria Aparecida dos Santos Oliveira Pereira da Silva Rodrigues Fonseca Albuquerque';
    const person = await enrol(contractId, longName);
    const calls = regulator.calls.length;
    const result = (await h.call(operations, SUBMIT_ANS, { contractId })).data!['submitAnsBatch'];
    assert.equal(result.problem.reason, 'INVALID_ANS_BATCH');
    assert.match(result.problem.message, /element nome \(maxLength\)/);
    assert.doesNotMatch(result.problem.message, /Aparecida|\d{11}/);
    assert.equal(result.batchId, null);
    assert.equal((await ansOf(person.id)).ans_status, 'PENDING');
    assert.deepEqual(await transmissionsOf(contractId), []);
    assert.equal(regulator.calls.length, calls);
  });

  it('marks a batch ANS refuses (its signature is not by the certificate ANS knows) REFUSED, with the reason, and does not send it again', async () => {
    const contractId = await h.contract({ tenant });
    await enrol(contractId, 'Renato Alves Duarte');
    regulator.expectSignaturesBy(makeTestCertificate(dir, 'outra empresa'));
    try {
      const submitted = (await h.call(operations, SUBMIT_ANS, { contractId })).data!['submitAnsBatch'];
      await waitFor(async () => (await transmissionsOf(contractId))[0].status === 'REFUSED', {
        description: 'the batch refused',
      });
      const [refused] = await transmissionsOf(contractId);
      assert.match(refused.last_error, /Assinatura digital invalida/);
      assert.equal(refused.attempts, 1);
      assert.equal(
        regulator.batches.some((batch) => batch.batchId === submitted.batchId),
        false,
      );
    } finally {
      regulator.expectSignaturesBy(operator);
    }
  });

  it('reports every violation of the XSD by line, element and rule', async () => {
    await assert.rejects(
      validateAnsBatch('<mensagemSIB><cabecalho><registroANS>000000</registroANS></cabecalho></mensagemSIB>'),
      (error: unknown) => {
        assert.ok(error instanceof AnsBatchInvalid);
        assert.deepEqual(
          error.violations.map((v) => [v.element, v.rule]),
          [
            ['registroANS', 'pattern'],
            ['cabecalho', 'structure'],
            ['mensagemSIB', 'structure'],
          ],
        );
        return true;
      },
    );
  });

  it('drops a batch in the envio folder and reads the answer from the retorno folder', async () => {
    const drop = join(dir, 'drop');
    const transport = new FileDropAnsTransport(drop);
    await transport.send({ batchId: 'b-1', signedXml: '<mensagemSIB/>' });
    assert.equal(readFileSync(join(drop, 'envio', 'b-1.xml'), 'utf8'), '<mensagemSIB/>');
    assert.equal(await transport.fetchAnswer({ batchId: 'b-1' }), null);
    mkdirSync(join(drop, 'retorno'));
    writeFileSync(
      join(drop, 'retorno', 'b-1.xml'),
      `<retornoLote xmlns="urn:salesgraph:ans-sib"><numeroProtocolo>123</numeroProtocolo><situacaoLote>PROCESSADO</situacaoLote>
       <beneficiario><cpf>52998224725</cpf><situacao>ACEITO</situacao><cco>0000000001</cco></beneficiario>
       <beneficiario><cpf>11144477735</cpf><situacao>REJEITADO</situacao><motivo>Data de nascimento inválida</motivo></beneficiario>
       </retornoLote>`,
    );
    const answer = await transport.fetchAnswer({ batchId: 'b-1' });
    assert.equal(answer?.protocol, '123');
    assert.deepEqual(answer?.entries, [
      { cpf: '52998224725', outcome: 'REGISTERED', registrationId: '0000000001', reason: null },
      { cpf: '11144477735', outcome: 'REJECTED', registrationId: null, reason: 'Data de nascimento inválida' },
    ]);
  });
});
