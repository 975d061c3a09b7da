import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serverAudits } from 'graphql-http';
import { loadOrCreateDevIssuer } from '@salesgraph/auth';
import {
  graphqlRequest,
  startIsolatedSubgraph,
  uniqueName,
  type RunningSubgraph,
  type TestDatabase,
} from '@salesgraph/testkit';
import { routeSubgraphs, startGatewayProcess, type GatewayProcess } from './testing/gateway-process.js';
import { startRecordingSubgraph, type RecordingSubgraph } from './testing/recording-subgraph.js';

/**
 * The audit results that are not `ok`, each explained in gateway/README.md ("GraphQL over
 * HTTP audit"). A new warning fails this test until it is understood and documented.
 */
const explained: Record<string, 'warn' | 'notice'> = {
  '572B': 'warn', // 200 on a parse failure with Accept: application/json (Apollo answers 400)
  FDE2: 'warn', // 200 on a validation failure with Accept: application/json (Apollo answers 400)
  '7B9B': 'warn', // 200 on a variable coercion failure with Accept: application/json (Apollo answers 400)
  '5A70': 'notice', // simple (CSRF-unsafe) GET requests are refused
  D6D5: 'notice', // the same, with variables
  '6A70': 'notice', // the same, with variables and Accept: application/json
};

const createCompany = `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { company { id legalName } problem { reason } } }`;

/**
 * The gateway process in front of the real accounts subgraph process (PostgreSQL, Kafka);
 * the other subgraphs are a recording stand-in. The graphql-http server audits run against
 * it, then the accounts process is stopped to see what a client and the logs get.
 */
describe('the gateway over HTTP: graphql-http audits and error masking with a real subgraph', () => {
  let dir: string;
  let database: TestDatabase;
  let accounts: RunningSubgraph | undefined;
  let others: RecordingSubgraph;
  let gateway: GatewayProcess | undefined;
  let authorization: string;
  const legalName = 'Clínica Sigilosa Ltda';

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gateway-audit-'));
    const keyFile = join(dir, 'dev-issuer.json');
    const issuer = await loadOrCreateDevIssuer(keyFile);
    authorization = `Bearer ${await issuer.issue({ tenant: uniqueName('audit'), roles: ['SALES_MANAGER'], sub: 'rep-audit' })}`;
    ({ db: database, service: accounts } = await startIsolatedSubgraph('accounts', 'gateway_audit', {
      LOG_LEVEL: 'warn',
    }));
    const accountsUrl = accounts.url;
    others = await startRecordingSubgraph();
    others.answerWith(() => ({ body: { data: { deals: { edges: [] } } } }));
    gateway = await startGatewayProcess({
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      DEV_ISSUER_KEY_FILE: keyFile,
      SUBGRAPH_URLS: routeSubgraphs(others.url, { accounts: accountsUrl }),
    });
  });

  after(async () => {
    await gateway?.service.stop();
    await accounts?.stop();
    await others?.close();
    await database?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('passes the graphql-http server audits, every result that is not ok being an explained one', async () => {
    // The graph has no anonymous access: the audits' requests carry a valid bearer token.
    // Nothing else is added (no CSRF preflight header), so CSRF prevention is audited as it is.
    const fetchFn = (input: string | URL | Request, init: RequestInit = {}) => {
      const headers = new Headers(init.headers);
      headers.set('authorization', authorization);
      return fetch(input, { ...init, headers });
    };
    const audits = serverAudits({ url: gateway!.url, fetchFn });
    assert.ok(audits.length > 40);
    const notOk: Record<string, string> = {};
    for (const audit of audits) {
      const result = await audit.fn();
      if (result.status !== 'ok') notOk[audit.id] = result.status;
    }
    assert.deepEqual(notOk, explained);
  });

  it("passes a subgraph's input error to the client without internals", async () => {
    const created = await graphqlRequest(
      gateway!.url,
      createCompany,
      { input: { legalName, cnpj: '11.222.333/0001-81', employeeCount: 12 } },
      { authorization },
    );
    assert.equal(created.errors, undefined, JSON.stringify(created.errors));
    const invalid = await graphqlRequest(
      gateway!.url,
      'query($id: ID!) { company(id: $id) { id } }',
      { id: 'not-a-uuid' },
      { authorization },
    );
    assert.equal(invalid.status, 200);
    for (const error of invalid.errors ?? []) {
      assert.ok(['BAD_USER_INPUT', 'NOT_FOUND'].includes(error.extensions?.['code'] as string), JSON.stringify(error));
      assert.deepEqual(
        Object.keys(error.extensions ?? {}).filter((key) => !['code', 'field'].includes(key)),
        [],
      );
    }
  });

  it('answers partial data with SUBGRAPH_UNAVAILABLE, not a 500, when the accounts process is down', async () => {
    assert.equal(await accounts!.stop(), 0);
    accounts = undefined;
    const response = await fetch(gateway!.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify({
        query:
          '{ company(id: "0b6b4a3e-8f0d-4a43-9b1a-2c4e5f6a7b8c") { id legalName } deals(first: 1) { edges { node { id } } } }',
      }),
    });
    const text = await response.text();
    assert.equal(response.status, 200, text);
    assert.deepEqual(JSON.parse(text), {
      data: { company: null, deals: { edges: [] } },
      // Apollo Gateway reports a failed fetch once, without a path; the fields it would have filled are null.
      errors: [
        { message: 'A part of the graph is temporarily unavailable', extensions: { code: 'SUBGRAPH_UNAVAILABLE' } },
      ],
    });
    for (const leak of ['ECONNREFUSED', '127.0.0.1', 'accounts', 'fetch failed'])
      assert.ok(!text.includes(leak), `the response leaks "${leak}"`);
  });

  it('logs no stack trace, SQL or personal data', () => {
    const output = gateway!.service.output();
    assert.match(output, /subgraph request failed/, 'the failure itself is logged');
    assert.doesNotMatch(output, /\n\s+at \S+ \(|stacktrace/i);
    assert.doesNotMatch(output, /\b(SELECT|INSERT INTO|UPDATE \w+ SET)\b/);
    for (const personal of [legalName, '11.222.333/0001-81', 'Bearer '])
      assert.ok(!output.includes(personal), `the log contains "${personal}"`);
  });
});
