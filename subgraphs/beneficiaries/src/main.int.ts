import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { topics } from '@salesgraph/events';
import { openSubgraphTestBed, type SubgraphTestBed } from '@salesgraph/subgraph/testing';
import {
  graphqlRequest,
  identityHeaders,
  startSubgraphProcess,
  uniqueName,
  waitFor,
  type RunningSubgraph,
} from '@salesgraph/testkit';
import { contractEvent, contractSnapshot } from './testing/contract-events.js';
import { ENROLL, ENROLL_MANY, ERASE } from './testing/documents.js';

describe('beneficiaries: the real process (main.ts)', () => {
  let bed: SubgraphTestBed;
  let service: RunningSubgraph;
  let url: string;
  const tenant = uniqueName('tenant');
  const contractId = randomUUID();

  before(async () => {
    bed = await openSubgraphTestBed({
      prefix: 'beneficiaries_main',
      database: 'sg_beneficiaries',
      topics: [topics.contract],
    });
    service = await startSubgraphProcess('beneficiaries', {
      ...bed.env,
      LOG_LEVEL: 'trace',
      ANS_OPERATOR_REGISTRATION: '419999',
    });
    url = service.url;
    const contract = contractSnapshot({ id: contractId, number: 'CT-2026-000001', lives: 5, status: 'ACTIVE' });
    await bed.publish(topics.contract, contractEvent('contract.activated', tenant, 1, { contract }));
  });

  after(async () => {
    await service?.kill();
    await bed?.close();
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
