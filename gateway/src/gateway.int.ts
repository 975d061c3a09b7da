import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { IDENTITY_HEADER, loadOrCreateDevIssuer, verifyForwardedIdentity, type DevIssuer } from '@salesgraph/auth';
import { createLogger } from '@salesgraph/logging';
import { TEST_IDENTITY_SECRET, graphqlRequest, identityHeaders, waitFor } from '@salesgraph/testkit';
import type { GatewayApp } from './app.js';
import { startInProcessGateway } from './testing/in-process-gateway.js';
import { startRecordingSubgraph, type RecordingSubgraph } from './testing/recording-subgraph.js';

const companyQuery = `query Company($id: ID!) { company(id: $id) { id legalName } }`;
const companyId = '0b6b4a3e-8f0d-4a43-9b1a-2c4e5f6a7b8c';

describe('the gateway over a recording subgraph (in process)', () => {
  let dir: string;
  let devIssuer: DevIssuer;
  let subgraph: RecordingSubgraph;
  let app: GatewayApp;
  let token: string;
  /** The gateway's log lines, parsed. */
  const logLines: Record<string, unknown>[] = [];

  const ask = (headers: Record<string, string> = { authorization: `Bearer ${token}` }, query = companyQuery) =>
    graphqlRequest(app.url, query, { id: companyId }, headers);

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gateway-int-'));
    devIssuer = await loadOrCreateDevIssuer(join(dir, 'key.json'));
    token = await devIssuer.issue({ tenant: 'acme', roles: ['SALES_REP'], sub: 'rep-1' });
    subgraph = await startRecordingSubgraph();
    const logger = createLogger(
      'gateway-int',
      'warn',
      {},
      { write: (line: string) => logLines.push(JSON.parse(line)) },
    );
    app = await startInProcessGateway(dir, { SUBGRAPH_URLS: `accounts=${subgraph.url}` }, logger);
  });

  beforeEach(() => {
    subgraph.received.length = 0;
    subgraph.answerWith(() => ({ body: { data: { company: null } } }));
  });

  after(async () => {
    await app?.stop();
    await subgraph?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is ready once the supergraph is loaded', async () => {
    assert.equal(await app.readiness(), true);
    const response = await fetch(app.url.replace('/graphql', '/readyz'));
    assert.equal(response.status, 200);
  });

  it("sends the subgraph the caller's identity, signed and short-lived, and none of the identity headers the client sent", async () => {
    const forged = await identityHeaders({ tenant: 'victim', roles: ['SYSTEM_ADMIN'], sub: 'attacker' });
    const response = await ask({
      authorization: `Bearer ${token}`,
      ...forged,
      'x-salesgraph-tenant': 'victim',
      cookie: 'session=abc',
    });
    assert.equal(response.status, 200);
    assert.equal(response.errors, undefined, JSON.stringify(response.errors));
    assert.equal(subgraph.received.length, 1);
    const { headers } = subgraph.received[0]!;
    const forwarded = headers[IDENTITY_HEADER] as string;
    assert.notEqual(forwarded, forged[IDENTITY_HEADER]);
    assert.deepEqual(await verifyForwardedIdentity(forwarded, TEST_IDENTITY_SECRET), {
      sub: 'rep-1',
      tenant: 'acme',
      roles: ['SALES_REP'],
      scopes: [],
    });
    const claims = decodeJwt(forwarded);
    assert.equal(claims.exp! - claims.iat!, 30);
    for (const name of ['authorization', 'cookie', 'x-salesgraph-tenant'])
      assert.equal(headers[name], undefined, `${name} reached the subgraph`);
  });

  it('refuses a request without a token with 401 UNAUTHENTICATED and never calls the subgraph', async () => {
    const response = await ask({});
    assert.equal(response.status, 401);
    assert.deepEqual(
      response.errors?.map((error) => error.extensions?.['code']),
      ['UNAUTHENTICATED'],
    );
    assert.equal(response.data, undefined);

    const onlyForgedIdentity = await ask(await identityHeaders({ tenant: 'acme', roles: ['SYSTEM_ADMIN'] }));
    assert.equal(onlyForgedIdentity.status, 401);
    const notBearer = await ask({ authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` });
    assert.equal(notBearer.status, 401);
    const garbage = await ask({ authorization: 'Bearer not.a.token' });
    assert.equal(garbage.status, 401);
    assert.equal(subgraph.received.length, 0);
  });

  it('tells a client its token expired, and nothing more about why a token is refused', async () => {
    const expired = await devIssuer.issue({ tenant: 'acme', roles: ['SALES_REP'], ttlSeconds: -60 });
    const response = await ask({ authorization: `Bearer ${expired}` });
    assert.equal(response.status, 401);
    assert.equal(response.errors?.[0]?.message, 'The token has expired');
    const other = await devIssuer.issue({ tenant: 'acme', roles: ['SALES_REP'] });
    const tampered = `${other.slice(0, -4)}AAAA`;
    const refused = await ask({ authorization: `Bearer ${tampered}` });
    assert.equal(refused.errors?.[0]?.message, 'The token is not valid');
  });

  it('answers SUBGRAPH_UNAVAILABLE for the fields of a failing subgraph, without its URL, status or body', async () => {
    subgraph.answerWith(() => ({ status: 500, body: 'error: relation "accounts.company" does not exist at 10.1.2.3' }));
    const response = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: companyQuery, variables: { id: companyId } }),
    });
    const text = await response.text();
    assert.equal(response.status, 200);
    assert.deepEqual(JSON.parse(text), {
      data: { company: null },
      errors: [
        { message: 'A part of the graph is temporarily unavailable', extensions: { code: 'SUBGRAPH_UNAVAILABLE' } },
      ],
    });
    for (const leak of ['relation', '10.1.2.3', '127.0.0.1', '500', 'accounts'])
      assert.ok(!text.includes(leak), `response leaks "${leak}"`);
  });

  it("passes on a subgraph's registered error codes without naming the subgraph, and masks the rest", async () => {
    subgraph.answerWith(() => ({
      body: {
        data: { company: null },
        errors: [
          { message: 'id: not a uuid', path: ['company'], extensions: { code: 'BAD_USER_INPUT', field: 'id' } },
          {
            message: 'duplicate key value violates unique constraint "company_pkey"',
            path: ['company'],
            extensions: { code: '23505' },
          },
          { message: 'TypeError: cannot read properties of undefined', path: ['company'] },
          {
            message: 'Internal server error (correlation id 00f1e2d3c4b5a697)',
            path: ['company'],
            extensions: { code: 'INTERNAL_SERVER_ERROR', correlationId: '00f1e2d3c4b5a697' },
          },
        ],
      },
    }));
    const response = await ask();
    const ids = (response.errors ?? []).slice(1).map((error) => String(error.extensions?.['correlationId']));
    assert.deepEqual(response.errors, [
      { message: 'id: not a uuid', path: ['company'], extensions: { code: 'BAD_USER_INPUT', field: 'id' } },
      ...ids.map((correlationId) => ({
        message: `Internal server error (correlation id ${correlationId})`,
        path: ['company'],
        extensions: { code: 'INTERNAL_SERVER_ERROR', correlationId },
      })),
    ]);
    // Two fresh ids for the gateway's masks, and the subgraph's own id kept (it finds the subgraph's log line).
    assert.equal(ids.length, 3);
    assert.equal(ids[2], '00f1e2d3c4b5a697');
    assert.equal(new Set(ids).size, 3);
    for (const id of ids) assert.match(id, /^[0-9a-f]{16}$/);
    // Each id is on the gateway's log line of the failed request, which names the error but holds no SQL or text.
    for (const id of ids) {
      const line = logLines.find((entry) => entry['correlationId'] === id);
      assert.ok(line, `no log line carries correlation id ${id}`);
      assert.equal(line['msg'], 'unexpected error');
      assert.ok(!JSON.stringify(line).includes('duplicate key'), 'the log line carries driver text');
    }
    // RED: the errors by code, per operation and per subgraph answer.
    const metrics = await (await fetch(app.url.replace('/graphql', '/metrics'))).text();
    const count = (series: string) =>
      Number(new RegExp(`^${series.replaceAll(/[{}]/g, '\\$&')} (\\d+)$`, 'm').exec(metrics)?.[1] ?? 0);
    assert.ok(
      count(
        'salesgraph_gateway_operation_errors_total{operation="Company",type="query",code="INTERNAL_SERVER_ERROR"}',
      ) >= 3,
    );
    assert.ok(
      count('salesgraph_gateway_operation_errors_total{operation="Company",type="query",code="BAD_USER_INPUT"}') >= 1,
    );
    assert.ok(count('salesgraph_gateway_subgraph_errors_total{subgraph="accounts",code="23505"}') >= 1);
    assert.ok(count('salesgraph_gateway_operation_duration_seconds_count{operation="Company",type="query"}') >= 1);
  });

  it('refuses batched and CSRF-unsafe requests before any subgraph is called', async () => {
    const batched = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]),
    });
    assert.equal(batched.status, 400);
    const simpleRequest = await fetch(
      `${app.url}?query=${encodeURIComponent(companyQuery)}&variables=${encodeURIComponent(JSON.stringify({ id: companyId }))}`,
      {
        headers: { authorization: `Bearer ${token}` },
      },
    );
    assert.equal(simpleRequest.status, 400);
    assert.match(await simpleRequest.text(), /CSRF/);
    const formPost = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: companyQuery }),
    });
    assert.equal(formPost.status, 400);
    assert.equal(subgraph.received.length, 0);
  });

  it('lets an in-flight request finish when it stops, then takes no more', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    subgraph.answerWith(async () => {
      await released;
      return { body: { data: { company: { id: companyId, legalName: 'Padaria Pão Quente Ltda' } } } };
    });
    const inFlight = ask();
    await waitFor(() => subgraph.received.length === 1, { description: 'the request to reach the subgraph' });
    const stopped = app.stop();
    await waitFor(async () => !(await app.readiness()), { description: 'readiness to turn false' });
    release();
    const response = await inFlight;
    assert.equal(response.status, 200);
    assert.deepEqual(response.data, { company: { id: companyId, legalName: 'Padaria Pão Quente Ltda' } });
    await stopped;
    await assert.rejects(
      fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }),
    );
  });
});
