import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import {
  buildClientSchema,
  getIntrospectionQuery,
  getNamedType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isUnionType,
  lexicographicSortSchema,
  printSchema,
  type GraphQLNamedType,
  type GraphQLType,
  type IntrospectionQuery,
} from 'graphql';
import { SignJWT } from 'jose';
import {
  API_AUDIENCE,
  graphqlRequest,
  identityHeaders,
  startOidcTestIssuer,
  waitFor,
  type GraphQLResponse,
  type OidcTestIssuer,
} from '@salesgraph/testkit';
import { cnpjFor } from './fixtures/cnpj.js';
import { connectAs, subscribe } from './fixtures/subscriptions.js';
import { startStack, type Stack } from './stack.js';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const tenant = 'acme';
const allScopes = 'companies:read companies:write deals:read deals:write pipeline:read contracts:read';

/** Types and fields that hold personal data or internal detail: none may be reachable on /public/graphql. */
const neverPublicTypes = [
  'Beneficiary',
  'BeneficiaryConnection',
  'BeneficiaryDataExport',
  'Contact',
  'ContractSigner',
  'Task',
  'AnsRegistration',
];
const neverPublicFields = [
  'cpf',
  'birthDate',
  'name',
  'email',
  'phone',
  'ownerId',
  'contacts',
  'beneficiaries',
  'beneficiary',
  'signers',
  'approvedBy',
  'by',
  'healthCardNumber',
  'holder',
];

/**
 * The public API end to end: a real OpenID provider (oidc-provider) issues client-credentials
 * tokens to third-party apps; the gateway in production mode serves the contract at
 * /public/graphql over the real accounts and deals processes, Kafka and PostgreSQL.
 */
describe('the public API (/public/graphql) with client-credentials tokens', () => {
  let dir: string;
  let oidc: OidcTestIssuer;
  let stack: Stack;
  let publicUrl: string;
  let manager: string;
  let companyId: string;
  let dealId: string;

  const call = (url: string, token: string, query: string, variables: Record<string, unknown> = {}) =>
    graphqlRequest(url, query, variables, { authorization: `Bearer ${token}` });
  const ok = (response: GraphQLResponse): Record<string, any> => {
    assert.equal(response.errors, undefined, JSON.stringify(response.errors));
    return response.data!;
  };
  const partner = (scope = allScopes) => oidc.accessToken('partner-app', undefined, scope);

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'public-api-'));
    oidc = await startOidcTestIssuer(dir, {
      'partner-app': { claims: { tenant }, scope: allScopes },
      'unregistered-app': { claims: { tenant }, scope: 'deals:read' },
      'globex-app': { claims: { tenant: 'globex' }, scope: 'deals:read' },
    });
    stack = await startStack({
      subgraphs: ['accounts', 'deals'],
      gatewayEnv: {
        NODE_ENV: 'production',
        // In production the platform creates the topics (deploy/k8s); here the test is the platform.
        KAFKA_TOPICS_CREATE: 'true',
        ...oidc.gatewayEnv,
        PUBLIC_API_CLIENTS: JSON.stringify({ 'partner-app': { tenant }, 'globex-app': { tenant } }),
      },
    });
    publicUrl = stack.gatewayUrl.replace('/graphql', '/public/graphql');
    // An internal app's service token (roles, tenant acme) writes the data the partner reads.
    manager = await oidc.accessToken('field-app');
    companyId = ok(
      await call(
        stack.gatewayUrl,
        manager,
        'mutation($input: CreateCompanyInput!) { createCompany(input: $input) { company { id } } }',
        { input: { legalName: 'Parceira Saúde Ltda', cnpj: cnpjFor(Date.now() % 100_000_000), employeeCount: 120 } },
      ),
    )['createCompany'].company.id as string;
    // The deals subgraph knows the company once its AccountSummary projection applied the event.
    dealId = await waitFor(
      async () =>
        ok(
          await call(
            stack.gatewayUrl,
            manager,
            'mutation($input: CreateDealInput!) { createDeal(input: $input) { deal { id } problem { reason } } }',
            { input: { companyId, title: 'Plano empresarial', estimatedValue: '240000.00', estimatedLives: 80 } },
          ),
        )['createDeal'].deal?.id as string | undefined,
      { timeoutMs: 30_000, description: 'the deals subgraph to know the company' },
    );
  });

  after(async () => {
    await stack?.stop();
    await oidc?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('serves a public query to a client whose token has the scopes it needs', async () => {
    const data = ok(
      await call(
        publicUrl,
        await partner(),
        'query($id: ID!) { deal(id: $id) { title stage company { legalName } } }',
        {
          id: dealId,
        },
      ),
    );
    assert.deepEqual(data['deal'], {
      title: 'Plano empresarial',
      stage: 'LEAD',
      company: { legalName: 'Parceira Saúde Ltda' },
    });
  });

  it('removes a field the token has no scope for, serves the rest, and says FORBIDDEN for that path naming the scope', async () => {
    const response = await call(
      publicUrl,
      await partner('deals:read'),
      '{ deals(first: 10) { edges { node { id title company { legalName } } } } }',
    );
    assert.equal(response.status, 200);
    const node = (response.data!['deals'].edges as { node: Record<string, unknown> }[]).find(
      (edge) => edge.node['id'] === dealId,
    )!.node;
    assert.deepEqual(node, { id: dealId, title: 'Plano empresarial' });
    assert.equal(response.errors?.length, 1, JSON.stringify(response.errors));
    const [error] = response.errors;
    assert.equal(error!.extensions?.['code'], 'FORBIDDEN');
    assert.deepEqual(error!.path, ['deals', 'edges', '@', 'node', 'company']);
    assert.match(error!.message, /companies:read/);
  });

  it('executes nothing when no field is left (403 FORBIDDEN)', async () => {
    const response = await call(publicUrl, await partner('deals:read'), '{ companies { edges { node { id } } } }');
    assert.equal(response.status, 403);
    assert.equal(response.data, undefined);
    assert.deepEqual(
      response.errors?.map((error) => [error.extensions?.['code'], error.path]),
      [['FORBIDDEN', ['companies']]],
    );
  });

  it('refuses a non-public field at validation however the document reaches it, without suggesting names', async () => {
    const token = await partner();
    for (const query of [
      '{ deals { edges { node { ownerId } } } }',
      `{ company(id: "${companyId}") { contacts { name email } } }`,
      '{ beneficiaries { edges { node { cpf birthDate name } } } }',
      'query { ...F } fragment F on Query { beneficiary(id: "x") { cpf } }',
      '{ __typename ... on Beneficiary { cpf } }',
      `{ deal(id: "${dealId}") { ... on Deal { stageHistory { by } } } }`,
      '{ _entities(representations: [{ __typename: "Beneficiary", id: "x" }]) { ... on Beneficiary { cpf } } }',
    ]) {
      const response = await call(publicUrl, token, query);
      assert.equal(response.status, 400, query);
      assert.equal(response.data, undefined, query);
      assert.ok(
        response.errors?.every((error) => error.extensions?.['code'] === 'GRAPHQL_VALIDATION_FAILED'),
        `${query}: ${JSON.stringify(response.errors)}`,
      );
      assert.ok(!JSON.stringify(response.errors).includes('Did you mean'), query);
    }
  });

  it('lets anyone introspect the public schema in production: what it serves is public-schema.graphql, and no personal data is reachable from it', async () => {
    const response = await call(publicUrl, await partner('deals:read'), getIntrospectionQuery());
    const schema = buildClientSchema(ok(response) as unknown as IntrospectionQuery);
    assert.equal(
      printSchema(lexicographicSortSchema(schema)).trim(),
      readFileSync(join(root, 'public-schema.graphql'), 'utf8').trim(),
    );
    // Walk every type reachable from the root types, every field, argument and input field.
    const seen = new Set<string>();
    const pending: GraphQLNamedType[] = [
      schema.getQueryType(),
      schema.getMutationType(),
      schema.getSubscriptionType(),
    ].filter((type) => type !== null && type !== undefined);
    const reached: string[] = [];
    while (pending.length > 0) {
      const type = pending.pop()!;
      if (seen.has(type.name) || type.name.startsWith('__')) continue;
      seen.add(type.name);
      assert.ok(!neverPublicTypes.includes(type.name), `${type.name} is reachable`);
      if (isUnionType(type)) pending.push(...type.getTypes());
      if (!isObjectType(type) && !isInterfaceType(type) && !isInputObjectType(type)) continue;
      for (const field of Object.values(type.getFields())) {
        reached.push(`${type.name}.${field.name}`);
        assert.ok(!neverPublicFields.includes(field.name), `${type.name}.${field.name} is reachable`);
        pending.push(getNamedType(field.type as GraphQLType));
        for (const argument of 'args' in field ? field.args : []) {
          assert.ok(!neverPublicFields.includes(argument.name), `${type.name}.${field.name}(${argument.name}:)`);
          pending.push(getNamedType(argument.type as GraphQLType));
        }
      }
    }
    assert.ok(reached.includes('Deal.title') && reached.includes('Query.deals'), 'the walk reached the public part');
    const hidden = ok(await call(publicUrl, await partner(), '{ __type(name: "Beneficiary") { name } }'));
    assert.equal(hidden['__type'], null);
    // The internal endpoint keeps introspection off in production.
    const internal = await call(stack.gatewayUrl, manager, '{ __schema { queryType { name } } }');
    assert.equal(internal.errors?.[0]?.extensions?.['code'], 'GRAPHQL_VALIDATION_FAILED');
  });

  it('refuses a client token on the internal /graphql with 403 FORBIDDEN, executing nothing', async () => {
    const response = await call(stack.gatewayUrl, await partner(), '{ deals { edges { node { id } } } }');
    assert.equal(response.status, 403);
    assert.equal(response.errors?.[0]?.extensions?.['code'], 'FORBIDDEN');
    assert.equal(response.data, undefined);
  });

  it('answers bad client tokens with 401 or 403 and a stable code, never a 500', async () => {
    const unknownClient = await call(publicUrl, await oidc.accessToken('unregistered-app'), '{ pipeline { id } }');
    assert.equal(unknownClient.status, 401);
    assert.equal(unknownClient.errors?.[0]?.extensions?.['code'], 'UNAUTHENTICATED');
    const otherTenant = await call(publicUrl, await oidc.accessToken('globex-app'), '{ pipeline { id } }');
    assert.equal(otherTenant.status, 403);
    assert.equal(otherTenant.errors?.[0]?.extensions?.['code'], 'FORBIDDEN');
    const forge = (scope: unknown) =>
      new SignJWT({ tenant, scope, client_id: 'partner-app' })
        .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: oidc.signingKeys.es256.jwk.kid! })
        .setIssuer(oidc.issuer)
        .setAudience(API_AUDIENCE)
        .setSubject('partner-app')
        .setIssuedAt()
        .setExpirationTime('5m')
        .setJti(randomUUID())
        .sign(oidc.signingKeys.es256.key);
    for (const scope of ['deals:read admin:everything', ['deals:read', 42], 'DEALS:READ']) {
      const response = await call(publicUrl, await forge(scope), '{ pipeline { id } }');
      assert.equal(response.status, 401, JSON.stringify(scope));
      assert.equal(response.errors?.[0]?.extensions?.['code'], 'UNAUTHENTICATED');
    }
  });

  it('has the subgraph refuse a client whose scopes do not allow a field, even when called past the gateway', async () => {
    const deals = stack.subgraphUrls['deals']!;
    const asClient = async (scopes: string[]) =>
      graphqlRequest(
        deals,
        `query($id: ID!) { deal(id: $id) { title } }`,
        { id: dealId },
        await identityHeaders({ tenant, roles: [], clientId: 'partner-app', scopes }),
      );
    const refused = await asClient(['companies:read']);
    assert.equal(refused.errors?.[0]?.extensions?.['code'], 'FORBIDDEN', JSON.stringify(refused));
    assert.match(refused.errors[0].message, /deals:read/);
    assert.deepEqual(ok(await asClient(['deals:read']))['deal'], { title: 'Plano empresarial' });
  });

  it('lets a client with deals:write create a deal, and delivers dealChanged on /public/graphql over graphql-ws', async () => {
    const token = await partner();
    const client = connectAs(publicUrl, token);
    const changes = subscribe(client, 'subscription { dealChanged { eventType deal { title stage } } }');
    try {
      // The gateway's consumer group joins on its own time: write until one event reaches the subscriber.
      await waitFor(
        async () => {
          const created = ok(
            await call(
              publicUrl,
              token,
              'mutation($input: CreateDealInput!) { createDeal(input: $input) { deal { id } problem { reason } } }',
              { input: { companyId, title: 'Pelo parceiro', estimatedValue: '1000.00', estimatedLives: 2 } },
            ),
          )['createDeal'];
          assert.equal(created.problem, null);
          return changes.messages.length > 0;
        },
        { timeoutMs: 60_000, intervalMs: 1_000, description: 'dealChanged to reach the public subscriber' },
      );
      const [first] = changes.messages;
      assert.equal(first!.errors, undefined, JSON.stringify(first!.errors));
      assert.deepEqual(first!.data!['dealChanged'], {
        eventType: 'deal.created',
        deal: { title: 'Pelo parceiro', stage: 'LEAD' },
      });
    } finally {
      changes.stop();
      await client.dispose();
    }
  });
});
