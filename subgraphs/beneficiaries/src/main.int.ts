import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createEvent, topics } from '@salesgraph/events';
import { createKafkaBus, type MessageBus } from '@salesgraph/kafka';
import {
  TEST_IDENTITY_SECRET,
  createTestDatabase,
  freePort,
  graphqlRequest,
  identityHeaders,
  startService,
  testKafkaBrokers,
  uniqueName,
  waitFor,
  type RunningService,
  type TestDatabase,
} from '@salesgraph/testkit';
import { ENROLL, ENROLL_MANY, ERASE } from './testing/documents.js';

describe('beneficiaries: the real process (main.ts)', () => {
  let db: TestDatabase;
  let bus: MessageBus;
  let service: RunningService;
  let url: string;
  const tenant = uniqueName('tenant');
  const namespace = uniqueName('beneficiaries_main');
  const contractId = randomUUID();

  before(async () => {
    db = await createTestDatabase('sg_beneficiaries');
    const port = await freePort();
    url = `http://127.0.0.1:${port}/graphql`;
    service = await startService({
      name: 'beneficiaries',
      entry: fileURLToPath(new URL('./main.js', import.meta.url)),
      env: {
        NODE_ENV: 'test',
        LOG_LEVEL: 'trace',
        PORT: String(port),
        DATABASE_URL: db.url,
        KAFKA_BROKERS: testKafkaBrokers(),
        KAFKA_NAMESPACE: namespace,
        GATEWAY_IDENTITY_SECRET: TEST_IDENTITY_SECRET,
        ANS_OPERATOR_REGISTRATION: '419999',
      },
      readyUrl: `http://127.0.0.1:${port}/readyz`,
    });
    bus = createKafkaBus({ brokers: [testKafkaBrokers()], clientId: 'beneficiaries-main-test', namespace });
    await bus.ensureTopics([topics.contract]);
    const producer = await bus.producer();
    const contract = {
      id: contractId,
      number: 'CT-2026-000001',
      companyId: randomUUID(),
      dealId: randomUUID(),
      planType: 'HOSPITALAR' as const,
      monthlyPremiumPerLife: '450.00',
      contractedLives: 5,
      discountPercent: '0',
      monthlyValue: '2250.00',
      annualValue: '27000.00',
      startDate: '2026-01-01',
      endDate: '2026-12-31',
      status: 'ACTIVE' as const,
      approvalLevel: 'AUTO' as const,
    };
    const event = createEvent({
      eventType: 'contract.activated',
      tenantId: tenant,
      aggregateType: 'contract',
      aggregateId: contractId,
      aggregateVersion: 1,
      source: 'contracts',
      actor: 'test',
      data: { contract },
    });
    await producer.send(topics.contract, [{ key: contractId, value: JSON.stringify(event) }]);
    await producer.disconnect();
  });

  after(async () => {
    await service?.kill();
    await bus?.close();
    await db?.drop();
  });

  it('logs no CPF, name or birth date at trace level, through enrolments, refusals and an erasure', async () => {
    const headers = await identityHeaders({ tenant, roles: ['SYSTEM_ADMIN'] });
    const person = {
      contractId,
      cpf: '529.982.247-25',
      name: 'Beatriz Nogueira',
      birthDate: '1966-09-14',
      relationship: 'HOLDER',
    };
    const enrolled = await waitFor(
      async () => {
        const response = await graphqlRequest(url, ENROLL, { input: person }, headers);
        return response.data?.['enrollBeneficiary']?.beneficiary
          ? response.data['enrollBeneficiary'].beneficiary
          : undefined;
      },
      { description: 'the contract snapshot and a first enrolment' },
    );
    await graphqlRequest(url, ENROLL, { input: person }, headers);
    await graphqlRequest(url, ENROLL, { input: { ...person, cpf: '52998224726' } }, headers);
    await graphqlRequest(
      url,
      ENROLL_MANY,
      {
        input: { contractId, rows: [{ ...person, cpf: '11144477735', name: 'Otávio Prado', birthDate: '2999-01-01' }] },
      },
      headers,
    );
    await graphqlRequest(url, ERASE, { input: { id: enrolled.id } }, headers);
    const output = service.output();
    assert.ok(output.includes('listening'), 'the log was captured');
    for (const secret of [
      '52998224725',
      '529.982.247',
      '11144477735',
      'Beatriz',
      'Nogueira',
      'Otávio',
      '1966-09-14',
      '2999-01-01',
    ]) {
      assert.ok(!output.includes(secret), `the log must not contain ${secret}`);
    }
  });

  it('stops cleanly on SIGTERM with exit code 0', async () => {
    assert.equal(await service.stop(), 0);
  });
});
