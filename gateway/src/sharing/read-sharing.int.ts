import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  IDENTITY_HEADER,
  loadOrCreateDevIssuer,
  verifyForwardedIdentity,
  type DevIssuer,
  type Role,
} from '@salesgraph/auth';
import { TEST_IDENTITY_SECRET, graphqlRequest, waitFor } from '@salesgraph/testkit';
import type { GatewayApp } from '../app.js';
import { startInProcessGateway } from '../testing/in-process-gateway.js';
import {
  startRecordingSubgraph,
  type Answer,
  type ReceivedRequest,
  type RecordingSubgraph,
} from '../testing/recording-subgraph.js';

const companyQuery = `query Company($id: ID!) { company(id: $id) { id legalName } }`;
const createCompany = `mutation Create($input: CreateCompanyInput!) { createCompany(input: $input) { company { id legalName } } }`;
const companyId = '0b6b4a3e-8f0d-4a43-9b1a-2c4e5f6a7b8c';
const input = { legalName: 'Padaria Pão Quente Ltda', cnpj: '11222333000181', employeeCount: 12 };

/** Answers with the principal the subgraph verified, so a response reaching another principal would show. */
async function answerAsCaller(request: ReceivedRequest): Promise<Answer> {
  const identity = await verifyForwardedIdentity(request.headers[IDENTITY_HEADER] as string, TEST_IDENTITY_SECRET);
  const company = {
    id: companyId,
    legalName: `${identity?.tenant}/${identity?.sub}/${identity?.roles.join('+')}/${identity?.scopes.join('+')}`,
  };
  return { body: { data: request.body.query.startsWith('mutation') ? { createCompany: { company } } : { company } } };
}

describe('shared reads through the gateway (in process, recording subgraph)', () => {
  let dir: string;
  let devIssuer: DevIssuer;
  let subgraph: RecordingSubgraph;
  const apps: GatewayApp[] = [];
  let shared: GatewayApp;
  let fetchesOnly: GatewayApp;
  let off: GatewayApp;
  let release: () => void;

  const token = (claims: { tenant?: string; sub?: string; roles?: Role[]; scopes?: string[] } = {}) =>
    devIssuer.issue({
      tenant: claims.tenant ?? 'acme',
      sub: claims.sub ?? 'rep-1',
      roles: claims.roles ?? ['SALES_REP'],
      scopes: claims.scopes ?? [],
    });
  const ask = async (
    app: GatewayApp,
    bearer: string,
    query = companyQuery,
    variables: Record<string, unknown> = { id: companyId },
  ) => graphqlRequest(app.url, query, variables, { authorization: `Bearer ${bearer}` });
  const start = async (env: Record<string, string>) => {
    const app = await startInProcessGateway(dir, { SUBGRAPH_URLS: `accounts=${subgraph.url}`, ...env });
    apps.push(app);
    return app;
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'read-sharing-int-'));
    devIssuer = await loadOrCreateDevIssuer(join(dir, 'key.json'));
    subgraph = await startRecordingSubgraph();
    shared = await start({});
    fetchesOnly = await start({ GATEWAY_SHARE_OPERATIONS: 'false' });
    off = await start({ GATEWAY_SHARE_OPERATIONS: 'false', GATEWAY_SHARE_SUBGRAPH_REQUESTS: 'false' });
  });

  beforeEach(() => {
    subgraph.received.length = 0;
    // Every request is held until the test releases it, so the test decides what is in flight together.
    const released = new Promise<void>((resolve) => (release = resolve));
    subgraph.answerWith(async (request) => {
      await released;
      return answerAsCaller(request);
    });
  });

  // A failed test leaves nothing held for the next one.
  afterEach(() => release());

  after(async () => {
    for (const app of apps) await app.stop();
    await subgraph?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers identical concurrent queries of one principal with one subgraph request', async () => {
    const bearer = await token();
    const before = (await shared.metrics.sharedCounts()).operations;
    const pending = Array.from({ length: 5 }, () => ask(shared, bearer));
    await waitFor(async () => (await shared.metrics.sharedCounts()).operations - before === 4, {
      description: 'four queries to join the first',
    });
    release();
    for (const response of await Promise.all(pending)) {
      assert.equal(response.status, 200);
      assert.deepEqual(response.data, { company: { id: companyId, legalName: 'acme/rep-1/SALES_REP/' } });
    }
    assert.equal(subgraph.received.length, 1);
  });

  it('never shares across principals: another tenant, subject, role or scope gets its own request and its own answer', async () => {
    const principals = [
      { tenant: 'acme', sub: 'rep-1', roles: ['SALES_REP'] as Role[], scopes: [] },
      { tenant: 'globex', sub: 'rep-1', roles: ['SALES_REP'] as Role[], scopes: [] },
      { tenant: 'acme', sub: 'rep-2', roles: ['SALES_REP'] as Role[], scopes: [] },
      { tenant: 'acme', sub: 'rep-1', roles: ['SALES_MANAGER'] as Role[], scopes: [] },
      { tenant: 'acme', sub: 'rep-1', roles: ['SALES_REP'] as Role[], scopes: ['deals:read'] },
    ];
    const bearers = await Promise.all(principals.map((claims) => token(claims)));
    // Two requests per principal (separate tokens of the same principal share: the key is the identity, not the token).
    const twins = await Promise.all(principals.map((claims) => token(claims)));
    const before = (await shared.metrics.sharedCounts()).operations;
    const pending = [...bearers, ...twins].map((bearer) => ask(shared, bearer));
    await waitFor(() => subgraph.received.length === principals.length, {
      description: 'one subgraph request per principal',
    });
    await waitFor(async () => (await shared.metrics.sharedCounts()).operations - before === principals.length, {
      description: 'the twins to join',
    });
    release();
    const responses = await Promise.all(pending);
    responses.forEach((response, index) => {
      const claims = principals[index % principals.length]!;
      assert.deepEqual(response.data, {
        company: {
          id: companyId,
          legalName: `${claims.tenant}/${claims.sub}/${claims.roles.join('+')}/${claims.scopes.join('+')}`,
        },
      });
    });
    assert.equal(subgraph.received.length, principals.length);
  });

  it('never shares mutations, as operations or as subgraph requests', async () => {
    const bearer = await token();
    const pending = [shared, shared, shared, fetchesOnly, fetchesOnly, fetchesOnly].map((app) =>
      ask(app, bearer, createCompany, { input }),
    );
    await waitFor(() => subgraph.received.length === 6, { description: 'every mutation to reach the subgraph' });
    release();
    for (const response of await Promise.all(pending))
      assert.equal(response.data?.['createCompany']?.company?.legalName, 'acme/rep-1/SALES_REP/');
  });

  it('gives every waiter the failure of the shared request', async () => {
    subgraph.answerWith(async () => {
      await new Promise<void>((resolve) => (release = resolve));
      return { status: 503, body: 'upstream connect error' };
    });
    const bearer = await token();
    const before = (await shared.metrics.sharedCounts()).operations;
    const pending = Array.from({ length: 4 }, () => ask(shared, bearer));
    await waitFor(
      async () => subgraph.received.length === 1 && (await shared.metrics.sharedCounts()).operations - before === 3,
      {
        description: 'the queries to share one request',
      },
    );
    release();
    for (const response of await Promise.all(pending)) {
      assert.deepEqual(response.data, { company: null });
      assert.deepEqual(
        response.errors?.map((error) => error.extensions?.['code']),
        ['SUBGRAPH_UNAVAILABLE'],
      );
    }
    assert.equal(subgraph.received.length, 1);
  });

  it('starts a query afresh once a mutation of its tenant finished, instead of joining a read that may predate it', async () => {
    const bearer = await token();
    const held = ask(shared, bearer);
    await waitFor(() => subgraph.received.length === 1, { description: 'the first read to be in flight' });
    subgraph.answerWith(answerAsCaller); // the mutation and later requests are answered at once
    assert.equal((await ask(shared, bearer, createCompany, { input })).status, 200);
    const after = await ask(shared, bearer);
    assert.deepEqual(after.data, { company: { id: companyId, legalName: 'acme/rep-1/SALES_REP/' } });
    assert.equal(subgraph.received.length, 3, 'read, write, and the read after the write');
    release();
    assert.equal((await held).status, 200);
  });

  it('shares identical subgraph requests of one principal when operations are not shared, and nothing when both are off', async () => {
    const bearer = await token();
    const before = await fetchesOnly.metrics.sharedCounts();
    const pending = Array.from({ length: 3 }, () => ask(fetchesOnly, bearer));
    await waitFor(
      async () => (await fetchesOnly.metrics.sharedCounts()).subgraphRequests - before.subgraphRequests === 2,
      {
        description: 'two subgraph requests to join the first',
      },
    );
    assert.equal((await fetchesOnly.metrics.sharedCounts()).operations, before.operations);
    const unshared = Array.from({ length: 3 }, () => ask(off, bearer));
    await waitFor(() => subgraph.received.length === 4, {
      description: 'every request of the gateway without sharing to reach the subgraph',
    });
    release();
    for (const response of await Promise.all([...pending, ...unshared]))
      assert.deepEqual(response.data, { company: { id: companyId, legalName: 'acme/rep-1/SALES_REP/' } });
    assert.deepEqual(await off.metrics.sharedCounts(), { operations: 0, subgraphRequests: 0 });
  });
});
