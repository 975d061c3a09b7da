import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IDENTITY_HEADER, loadOrCreateDevIssuer, type DevIssuer } from '@salesgraph/auth';
import {
  graphqlRequest,
  identityHeaders,
  startIsolatedSubgraph,
  uniqueName,
  type RunningSubgraph,
  type TestDatabase,
} from '@salesgraph/testkit';
import { startGatewayProcess, type GatewayProcess } from './testing/gateway-process.js';

const createCompany = `mutation CreateCompany($input: CreateCompanyInput!) {
  createCompany(input: $input) { company { id legalName ownerId } problem { reason } }
}`;
const companyById = `query Company($id: ID!) { company(id: $id) { id legalName } }`;
const companyNames = `query Companies { companies(first: 100) { edges { node { id legalName } } } }`;

/**
 * The real accounts subgraph process (fresh database, real Kafka) behind the real gateway
 * process, which loads the committed supergraph and trusts a development issuer of its own.
 */
describe('the gateway in front of the accounts subgraph (real processes, PostgreSQL, Kafka)', () => {
  let dir: string;
  let database: TestDatabase;
  let accounts: RunningSubgraph | undefined;
  let gateway: GatewayProcess | undefined;
  let accountsUrl: string;
  let gatewayUrl: string;
  let issuer: DevIssuer;
  const tenantA = uniqueName('tenant_a');
  const tenantB = uniqueName('tenant_b');

  const asBearer = async (tenant: string, sub = 'rep-1') => ({
    authorization: `Bearer ${await issuer.issue({ tenant, roles: ['SALES_MANAGER'], sub })}`,
  });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gateway-e2e-'));
    const keyFile = join(dir, 'dev-issuer.json');
    issuer = await loadOrCreateDevIssuer(keyFile);
    ({ db: database, service: accounts } = await startIsolatedSubgraph('accounts', 'gateway_e2e', {
      LOG_LEVEL: 'warn',
    }));
    accountsUrl = accounts.url;
    gateway = await startGatewayProcess({
      NODE_ENV: 'test',
      SUBGRAPH_URLS: `accounts=${accountsUrl}`,
      DEV_ISSUER_KEY_FILE: keyFile,
    });
    gatewayUrl = gateway.url;
  });

  after(async () => {
    await gateway?.service.stop();
    await accounts?.stop();
    await database?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('creates and reads a company through the gateway with a development issuer token', async () => {
    const headers = await asBearer(tenantA, 'rep-a');
    const created = await graphqlRequest(
      gatewayUrl,
      createCompany,
      { input: { legalName: 'Padaria Pão Quente Ltda', cnpj: '11.222.333/0001-81', employeeCount: 12 } },
      headers,
    );
    assert.equal(created.errors, undefined, JSON.stringify(created.errors));
    const company = created.data!['createCompany'].company as { id: string; legalName: string; ownerId: string };
    assert.equal(company.ownerId, 'rep-a', 'the subgraph saw the caller from the token');
    const read = await graphqlRequest(gatewayUrl, companyById, { id: company.id }, headers);
    assert.deepEqual(read.data, { company: { id: company.id, legalName: 'Padaria Pão Quente Ltda' } });
  });

  it('refuses a request without a token with 401 UNAUTHENTICATED', async () => {
    const response = await graphqlRequest(gatewayUrl, companyNames);
    assert.equal(response.status, 401);
    assert.deepEqual(
      response.errors?.map((error) => error.extensions?.['code']),
      ['UNAUTHENTICATED'],
    );
    assert.equal(response.data, undefined);
  });

  it('ignores an identity header the client sends, even one signed with the real secret', async () => {
    const created = await graphqlRequest(
      gatewayUrl,
      createCompany,
      { input: { legalName: 'Segredo do Inquilino B S.A.', cnpj: '04.252.011/0001-10', employeeCount: 500 } },
      await asBearer(tenantB),
    );
    assert.equal(created.errors, undefined, JSON.stringify(created.errors));
    const secretOfB = created.data!['createCompany'].company.id as string;

    const impersonation = await identityHeaders({ tenant: tenantB, roles: ['SYSTEM_ADMIN'], sub: 'admin-b' });
    const asA = await graphqlRequest(gatewayUrl, companyNames, {}, { ...(await asBearer(tenantA)), ...impersonation });
    assert.equal(asA.errors, undefined, JSON.stringify(asA.errors));
    const seen = (asA.data!['companies'].edges as { node: { id: string } }[]).map((edge) => edge.node.id);
    assert.ok(seen.length > 0, 'tenant A sees its own companies');
    assert.ok(!seen.includes(secretOfB), 'tenant A must not see tenant B through a client-sent identity header');

    const headerOnly = await graphqlRequest(gatewayUrl, companyNames, {}, impersonation);
    assert.equal(headerOnly.status, 401);
  });

  it('leaves the subgraph refusing calls that do not come through the gateway', async () => {
    const direct = await graphqlRequest(accountsUrl, companyNames);
    assert.equal(direct.status, 401);
    assert.deepEqual(
      direct.errors?.map((error) => error.extensions?.['code']),
      ['UNAUTHENTICATED'],
    );

    const clientToken = (await asBearer(tenantA)).authorization.slice('Bearer '.length);
    const attempts: Record<string, string>[] = [
      { [IDENTITY_HEADER]: clientToken },
      { authorization: `Bearer ${clientToken}` },
    ];
    for (const headers of attempts) {
      const withClientToken = await graphqlRequest(accountsUrl, companyNames, {}, headers);
      assert.equal(withClientToken.status, 401, `subgraph accepted ${Object.keys(headers).join()}`);
    }
  });

  it('stops on SIGTERM, draining and exiting with status 0', async () => {
    const exitCode = await gateway!.service.stop();
    gateway = undefined;
    assert.equal(exitCode, 0);
  });
});
