import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateDevIssuer } from '@salesgraph/auth';
import { parseConfig } from '@salesgraph/config';
import { createLogger } from '@salesgraph/logging';
import { TEST_IDENTITY_SECRET, graphqlRequest } from '@salesgraph/testkit';
import { createGatewayApp, type GatewayApp } from './app.js';
import { gatewayEnv } from './config.js';
import { startRecordingSubgraph, type RecordingSubgraph } from './testing/recording-subgraph.js';

const createDeal = `mutation Create($input: CreateDealInput!) { createDeal(input: $input) { eventId } }`;
const dealInput = { companyId: 'c-1', title: 'Plano', estimatedValue: '1000.00', estimatedLives: 10 };

describe('a clear answer to every bad input (gateway over a recording subgraph)', () => {
  let dir: string;
  let subgraph: RecordingSubgraph;
  let app: GatewayApp;
  let token: string;

  const ask = (query: string, variables: Record<string, unknown> = {}) =>
    graphqlRequest(app.url, query, variables, { authorization: `Bearer ${token}` });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gateway-bad-input-'));
    const devIssuer = await loadOrCreateDevIssuer(join(dir, 'key.json'));
    token = await devIssuer.issue({ tenant: 'acme', roles: ['SALES_MANAGER'], sub: 'manager-1' });
    subgraph = await startRecordingSubgraph();
    const subgraphs = ['accounts', 'deals', 'contracts', 'beneficiaries', 'workflows'];
    const config = parseConfig(gatewayEnv, {
      NODE_ENV: 'test',
      PORT: '0',
      GATEWAY_IDENTITY_SECRET: TEST_IDENTITY_SECRET,
      DEV_ISSUER_KEY_FILE: join(dir, 'key.json'),
      SUBGRAPH_URLS: subgraphs.map((name) => `${name}=${subgraph.url}`).join(','),
      GATEWAY_SUBGRAPH_TIMEOUT_MS: '300',
      SUPERGRAPH_POLL_MS: '0',
    });
    app = createGatewayApp({ config, logger: createLogger('gateway-bad-input', 'silent') });
    await app.start();
  });

  beforeEach(() => {
    subgraph.received.length = 0;
    subgraph.answerWith(() => ({ body: { data: null } }));
  });

  after(async () => {
    await app?.stop();
    await subgraph?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const badScalars = [
    {
      name: 'Money "abc" in a variable',
      query: createDeal,
      variables: { input: { ...dealInput, estimatedValue: 'abc' } },
      field: 'input.estimatedValue',
    },
    {
      name: 'Money "100.005" in a variable',
      query: createDeal,
      variables: { input: { ...dealInput, estimatedValue: '100.005' } },
      field: 'input.estimatedValue',
    },
    {
      name: 'LocalDate "2027-02-30" in a variable',
      query: createDeal,
      variables: { input: { ...dealInput, expectedCloseDate: '2027-02-30' } },
      field: 'input.expectedCloseDate',
    },
    {
      name: 'Money "abc" as a literal',
      query: `mutation { createDeal(input: { companyId: "c", title: "t", estimatedValue: "abc", estimatedLives: 1 }) { eventId } }`,
      variables: {},
      field: 'input.estimatedValue',
    },
    {
      name: 'LocalDate "2027-02-30" as a literal',
      query: `{ forecast(from: "2027-01-01", to: "2027-02-30") { __typename } }`,
      variables: {},
      field: 'to',
    },
    {
      name: 'LocalDate in a variable passed as an argument',
      query: `query F($to: LocalDate!) { forecast(from: "2027-01-01", to: $to) { __typename } }`,
      variables: { to: '2027-02-30' },
      field: 'to',
    },
  ];
  for (const { name, query, variables, field } of badScalars) {
    it(`answers ${name} with BAD_USER_INPUT naming ${field}, and asks no subgraph`, async () => {
      const response = await ask(query, variables);
      assert.equal(response.status, 400);
      assert.equal(response.errors?.[0]?.extensions?.['code'], 'BAD_USER_INPUT');
      assert.equal(response.errors?.[0]?.extensions?.['field'], field);
      assert.equal(subgraph.received.length, 0);
    });
  }

  it("passes a subgraph's 400 with GraphQL errors on as those errors, never SUBGRAPH_UNAVAILABLE", async () => {
    subgraph.answerWith(() => ({
      status: 400,
      body: {
        errors: [{ message: 'title: must not be empty', extensions: { code: 'BAD_USER_INPUT', field: 'title' } }],
      },
    }));
    const response = await ask(createDeal, { input: dealInput });
    assert.equal(subgraph.received.length, 1);
    assert.deepEqual(
      response.errors?.map((error) => [error.extensions?.['code'], error.message]),
      [['BAD_USER_INPUT', 'title: must not be empty']],
    );
  });

  it('masks what a subgraph 4xx says without a registered code, and says unavailable only for a 5xx', async () => {
    subgraph.answerWith(() => ({ status: 400, body: { errors: [{ message: 'select * from deals failed' }] } }));
    const masked = await ask(createDeal, { input: dealInput });
    assert.deepEqual(
      masked.errors?.map((error) => error.extensions?.['code']),
      ['INTERNAL_SERVER_ERROR'],
    );
    assert.match(masked.errors?.[0]?.message ?? '', /^Internal server error \(correlation id [0-9a-f]+\)$/);
    assert.doesNotMatch(JSON.stringify(masked), /select|deals failed/);
    subgraph.answerWith(() => ({ status: 401, body: 'no identity' }));
    const refused = await ask(createDeal, { input: dealInput });
    assert.equal(refused.errors?.[0]?.extensions?.['code'], 'INTERNAL_SERVER_ERROR');
    subgraph.answerWith(() => ({ status: 503, body: { errors: [{ message: 'down' }] } }));
    const down = await ask(createDeal, { input: dealInput });
    assert.equal(down.errors?.[0]?.extensions?.['code'], 'SUBGRAPH_UNAVAILABLE');
  });

  it('gives up on a subgraph that does not answer within GATEWAY_SUBGRAPH_TIMEOUT_MS (SUBGRAPH_UNAVAILABLE)', async () => {
    subgraph.answerWith(() => new Promise(() => {}));
    const response = await ask(`{ pipeline { __typename } }`);
    assert.equal(response.errors?.[0]?.extensions?.['code'], 'SUBGRAPH_UNAVAILABLE');
    assert.equal(response.data, null);
  });

  it('never answers data: null without errors: null in non-null positions become masked errors with paths', async () => {
    subgraph.answerWith(() => ({ body: { data: { pipeline: null } } }));
    const root = await ask(`{ pipeline { __typename } }`);
    assert.equal(root.data, null);
    assert.deepEqual(
      root.errors?.map((error) => [error.extensions?.['code'], error.path]),
      [['INTERNAL_SERVER_ERROR', ['pipeline']]],
    );
    subgraph.answerWith(() => ({ body: { data: { company: { id: 'c-1', legalName: null } } } }));
    const nested = await ask(`{ company(id: "c-1") { id legalName } }`);
    assert.deepEqual(nested.data, { company: null });
    assert.deepEqual(
      nested.errors?.map((error) => [error.extensions?.['code'], error.path]),
      [['INTERNAL_SERVER_ERROR', ['company', 'legalName']]],
    );
  });
});
