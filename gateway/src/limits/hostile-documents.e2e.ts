import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { routeSubgraphs, startGatewayProcess, type GatewayProcess } from '../testing/gateway-process.js';
import { startOidcTestIssuer, type OidcTestIssuer } from '@salesgraph/testkit';
import { startRecordingSubgraph, type RecordingSubgraph } from '../testing/recording-subgraph.js';

interface Hostile {
  readonly title: string;
  /** A JSON body (POST), or a full request. */
  readonly body?: unknown;
  readonly request?: { method?: string; search?: string; headers?: Record<string, string>; body?: string };
  readonly status: number;
  readonly code: string;
  readonly limit?: string;
  /**
   * Sent on a connection of its own: the shared HTTP server answers 413 without reading the
   * rest of the body, which leaves that keep-alive connection unusable for the next request.
   */
  readonly ownConnection?: boolean;
}

const repeat = (count: number, make: (index: number) => string, separator = ' ') =>
  Array.from({ length: count }, (_, index) => make(index)).join(separator);
const nested = (levels: number, field: string, leaf: string) =>
  `${`${field} { `.repeat(levels)}${leaf}${' }'.repeat(levels)}`;
const companyId = '0b6b4a3e-8f0d-4a43-9b1a-2c4e5f6a7b8c';
const unknownHash = 'f'.repeat(64);

/** Defaults of config.ts: depth 12, aliases 30, directives 20, tokens 1000, cost 5000, body 1 MiB, variables 512 KiB. */
const hostile: Hostile[] = [
  // depth
  {
    title: 'a company 13 fields deep through parent',
    body: { query: `{ company(id: "1") { ${nested(11, 'parent', 'id')} } }` },
    status: 400,
    code: 'QUERY_TOO_COMPLEX',
    limit: 'depth',
  },
  {
    title: 'depth hidden in a chain of fragments',
    body: {
      query: `{ company(id: "1") { ...P0 } } ${repeat(13, (i) => `fragment P${i} on Company { parent { ...P${i + 1} } }`)} fragment P13 on Company { id }`,
    },
    status: 400,
    code: 'QUERY_TOO_COMPLEX',
    limit: 'depth',
  },
  {
    title: 'depth through nested inline fragments',
    body: { query: `{ company(id: "1") { ${'... on Company { parent { '.repeat(12)}id${' } }'.repeat(12)} } }` },
    status: 400,
    code: 'QUERY_TOO_COMPLEX',
    limit: 'depth',
  },
  {
    title: '300 levels of nesting',
    body: { query: `{ ${nested(300, 'a', 'b')} }` },
    status: 400,
    code: 'QUERY_TOO_COMPLEX',
    limit: 'depth',
  },
  // aliases
  {
    title: '31 aliases of a subgraph field',
    body: { query: `{ ${repeat(31, (i) => `c${i}: company(id: "${i}") { id }`)} }` },
    status: 400,
    code: 'QUERY_TOO_COMPLEX',
    limit: 'aliases',
  },
  {
    title: '100 aliases of __typename',
    body: { query: `{ ${repeat(100, (i) => `t${i}: __typename`)} }` },
    status: 400,
    code: 'QUERY_TOO_COMPLEX',
    limit: 'aliases',
  },
  {
    title: 'aliases spread over four fragments',
    body: {
      query: `{ company(id: "1") { ...F0 ...F1 ...F2 ...F3 } } ${repeat(4, (f) => `fragment F${f} on Company { ${repeat(8, (i) => `n${f}_${i}: legalName`)} }`)}`,
    },
    status: 400,
    code: 'QUERY_TOO_COMPLEX',
    limit: 'aliases',
  },
  {
    title: '31 aliased createCompany mutations',
    body: {
      query: `mutation($input: CreateCompanyInput!) { ${repeat(31, (i) => `m${i}: createCompany(input: $input) { company { id } }`)} }`,
      variables: { input: { legalName: 'X', cnpj: '1', employeeCount: 1 } },
    },
    status: 400,
    code: 'QUERY_TOO_COMPLEX',
    limit: 'aliases',
  },
  // directives
  {
    title: '21 @include on one field',
    body: { query: `{ company(id: "1") { id ${repeat(21, () => '@include(if: true)')} } }` },
    status: 400,
    code: 'QUERY_TOO_COMPLEX',
    limit: 'directives',
  },
  {
    title: 'directives on the operation and a fragment',
    body: {
      query: `query Q ${repeat(11, () => '@a')} { ...F } fragment F on Query ${repeat(11, () => '@b')} { __typename }`,
    },
    status: 400,
    code: 'QUERY_TOO_COMPLEX',
    limit: 'directives',
  },
  {
    title: 'a flood of unknown directives',
    body: { query: `{ __typename ${repeat(200, () => '@x')} }` },
    status: 400,
    code: 'QUERY_TOO_COMPLEX',
    limit: 'directives',
  },
  {
    title: '@skip on 21 different fields',
    body: {
      query: `{ company(id: "1") { ${repeat(21, (i) => `f${i % 2 ? 'id' : 'legalName'}${i}: id @skip(if: false)`)} } }`,
    },
    status: 400,
    code: 'QUERY_TOO_COMPLEX',
    limit: 'directives',
  },
  // tokens
  {
    title: '1,000 __typename',
    body: { query: `{ ${repeat(1000, () => '__typename')} }` },
    status: 400,
    code: 'QUERY_TOO_COMPLEX',
    limit: 'tokens',
  },
  {
    title: 'a 5,000-element list argument',
    body: { query: `{ company(id: "1") { id } x(ids: [${repeat(5000, (i) => String(i), ', ')}]) }` },
    status: 400,
    code: 'QUERY_TOO_COMPLEX',
    limit: 'tokens',
  },
  {
    title: '500 variable definitions',
    body: { query: `query(${repeat(500, (i) => `$v${i}: Int`, ', ')}) { __typename }` },
    status: 400,
    code: 'QUERY_TOO_COMPLEX',
    limit: 'tokens',
  },
  {
    title: '50,000 tokens inside the body limit',
    body: { query: `{ ${repeat(50_000, () => '__typename')} }` },
    status: 400,
    code: 'QUERY_TOO_COMPLEX',
    limit: 'tokens',
  },
  // cost
  {
    title: 'two nested connections of 100',
    body: {
      query: '{ companies(first: 100) { edges { node { deals(first: 100) { edges { node { id title } } } } } } }',
    },
    status: 400,
    code: 'QUERY_TOO_COMPLEX',
    limit: 'cost',
  },
  {
    title: 'a page of 1,000,000 through a variable',
    body: { query: 'query($n: Int!) { companies(first: $n) { edges { node { id } } } }', variables: { n: 1_000_000 } },
    status: 400,
    code: 'QUERY_TOO_COMPLEX',
    limit: 'cost',
  },
  {
    title: 'a wide fragment spread into 25 aliased connections of 100 (25 x 201 points)',
    body: {
      query: `{ ${repeat(25, (i) => `p${i}: companies(first: 100) { ...Wide }`)} } fragment Wide on CompanyConnection { edges { node { id legalName tradeName cnpj industry employeeCount segment ownerId countryCode version } } }`,
    },
    status: 400,
    code: 'QUERY_TOO_COMPLEX',
    limit: 'cost',
  },
  // fragments refused by validation, before planning
  {
    title: 'a fragment cycle',
    body: {
      query:
        '{ company(id: "1") { ...A } } fragment A on Company { parent { ...B } } fragment B on Company { parent { ...A } }',
    },
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
  },
  {
    title: 'a fragment spreading itself',
    body: { query: '{ company(id: "1") { ...A } } fragment A on Company { id ...A }' },
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
  },
  {
    title: 'a three-fragment cycle through inline fragments',
    body: {
      query:
        '{ company(id: "1") { ...A } } fragment A on Company { ... on Company { ...B } } fragment B on Company { ... on Company { ...C } } fragment C on Company { ...A }',
    },
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
  },
  {
    title: 'a spread of an unknown fragment',
    body: { query: '{ company(id: "1") { ...Missing } }' },
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
  },
  // variables
  {
    title: 'a 600 KB string variable',
    body: { query: 'query($id: ID!) { company(id: $id) { id } }', variables: { id: 'x'.repeat(600_000) } },
    status: 413,
    code: 'BAD_REQUEST',
    limit: 'variables',
  },
  {
    title: 'variables nested 100 levels deep',
    body: {
      query: 'query($id: ID!) { company(id: $id) { id } }',
      variables: { id: '1', deep: JSON.parse(`${'['.repeat(100)}${']'.repeat(100)}`) as unknown },
    },
    status: 413,
    code: 'BAD_REQUEST',
    limit: 'variables',
  },
  {
    title: '45,000 variables',
    body: {
      query: 'query($id: ID!) { company(id: $id) { id } }',
      variables: Object.fromEntries(Array.from({ length: 45_000 }, (_, i) => [`v${i}`, i])),
    },
    status: 413,
    code: 'BAD_REQUEST',
    limit: 'variables',
  },
  // batches
  {
    title: 'a batch of two operations',
    body: [{ query: '{ company(id: "1") { id } }' }, { query: '{ company(id: "2") { id } }' }],
    status: 400,
    code: 'BAD_REQUEST',
  },
  {
    title: 'a batch of one operation',
    body: [{ query: '{ company(id: "1") { id } }' }],
    status: 400,
    code: 'BAD_REQUEST',
  },
  // introspection and field suggestions (production mode)
  {
    title: 'introspection of the schema',
    body: { query: '{ __schema { types { name fields { name } } } }' },
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
  },
  {
    title: 'introspection of one type',
    body: { query: '{ __type(name: "Company") { fields { name } } }' },
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
  },
  {
    title: 'introspection inside a fragment',
    body: { query: '{ ...I } fragment I on Query { __schema { queryType { name } } }' },
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
  },
  {
    title: 'a misspelled field probing for suggestions',
    body: { query: '{ compani(id: "1") { id } }' },
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
  },
  {
    title: 'a misspelled argument probing for suggestions',
    body: { query: '{ company(idd: "1") { legalNam } }' },
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
  },
  {
    title: 'a misspelled type probing for suggestions',
    body: { query: '{ ...F } fragment F on Quer { __typename }' },
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
  },
  // CSRF-style requests
  {
    title: 'a text/plain POST (a simple request)',
    request: {
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query: '{ company(id: "1") { id } }' }),
    },
    status: 400,
    code: 'BAD_REQUEST',
  },
  {
    title: 'a form POST',
    request: {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `query=${encodeURIComponent('mutation { createCompany(input: {legalName: "X", cnpj: "1", employeeCount: 1}) { company { id } } }')}`,
    },
    status: 400,
    code: 'BAD_REQUEST',
  },
  {
    title: 'a multipart form POST',
    request: {
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      body: '--x\r\nContent-Disposition: form-data; name="query"\r\n\r\n{ __typename }\r\n--x--',
    },
    status: 400,
    code: 'BAD_REQUEST',
  },
  {
    title: 'a GET without a preflight header',
    request: { method: 'GET', search: `?query=${encodeURIComponent('{ company(id: "1") { id } }')}` },
    status: 400,
    code: 'BAD_REQUEST',
  },
  {
    title: 'a GET mutation',
    request: {
      method: 'GET',
      headers: { 'apollo-require-preflight': 'true' },
      search: `?query=${encodeURIComponent('mutation { createCompany(input: {legalName: "X", cnpj: "1", employeeCount: 1}) { company { id } } }')}`,
    },
    status: 405,
    code: 'BAD_REQUEST',
  },
  // bodies
  {
    title: 'a 2 MiB body',
    body: { query: '{ __typename }', padding: 'x'.repeat(2 * 1024 * 1024) },
    ownConnection: true,
    status: 413,
    code: 'BAD_REQUEST',
  },
  {
    title: 'a body that is not JSON',
    request: { body: '{"query": "{ __typename }"' },
    status: 400,
    code: 'BAD_REQUEST',
  },
  {
    title: 'a query that is not a string',
    body: { query: { kind: 'Document', definitions: [] } },
    status: 400,
    code: 'BAD_REQUEST',
  },
  {
    title: 'variables that are a list',
    body: { query: '{ __typename }', variables: [1, 2, 3] },
    status: 400,
    code: 'BAD_REQUEST',
  },
  { title: 'an empty query', body: { query: '' }, status: 400, code: 'BAD_REQUEST' },
  { title: 'a syntax error', body: { query: '{ company(id: "1") { id }' }, status: 400, code: 'GRAPHQL_PARSE_FAILED' },
  {
    title: 'a subscription over plain HTTP',
    body: { query: 'subscription { company(id: "1") { id } }' },
    status: 400,
    code: 'BAD_REQUEST',
  },
  // persisted operations
  {
    title: 'an unknown persisted sha256Hash',
    body: { extensions: { persistedQuery: { version: 1, sha256Hash: unknownHash } } },
    status: 200,
    code: 'PERSISTED_QUERY_NOT_FOUND',
  },
  {
    title: 'an unknown documentId',
    body: { documentId: `sha256:${unknownHash}` },
    status: 400,
    code: 'PERSISTED_QUERY_NOT_FOUND',
  },
  {
    title: 'an unknown documentId in a GET',
    request: {
      method: 'GET',
      headers: { 'apollo-require-preflight': 'true' },
      search: `?documentId=sha256:${unknownHash}`,
    },
    status: 400,
    code: 'PERSISTED_QUERY_NOT_FOUND',
  },
  {
    title: "an automatic persisted query registration with a hash that is not the document's",
    body: {
      query: '{ company(id: "1") { id } }',
      extensions: { persistedQuery: { version: 1, sha256Hash: unknownHash } },
    },
    status: 400,
    code: 'BAD_REQUEST',
  },
  {
    title: 'a malformed persistedQuery extension',
    body: { extensions: { persistedQuery: { version: 2, sha256Hash: 42 } } },
    status: 400,
    code: 'BAD_REQUEST',
  },
];

/**
 * Hostile documents against the real gateway process in production mode, with tokens from a
 * real OpenID provider: each is refused with a stable code, and no request reaches the
 * (recording) subgraph that every subgraph of the supergraph is routed to.
 */
describe('the gateway refusing hostile requests before any subgraph (production mode)', () => {
  let dir: string;
  let oidc: OidcTestIssuer;
  let subgraph: RecordingSubgraph;
  let gateway: GatewayProcess | undefined;
  let token: string;

  async function send({ body, request = {}, ownConnection }: Hostile, authorization = `Bearer ${token}`) {
    if (ownConnection) return sendOnOwnConnection(JSON.stringify(body), authorization);
    const response = await fetch(`${gateway!.url}${request.search ?? ''}`, {
      method: request.method ?? 'POST',
      headers: {
        accept: 'application/graphql-response+json, application/json',
        ...(request.method === 'GET' ? {} : { 'content-type': 'application/json' }),
        ...(authorization ? { authorization } : {}),
        ...request.headers,
      },
      body: request.method === 'GET' ? undefined : (request.body ?? JSON.stringify(body)),
    });
    const text = await response.text();
    return {
      status: response.status,
      text,
      json: JSON.parse(text) as {
        data?: unknown;
        errors?: { message: string; extensions?: Record<string, unknown> }[];
      },
    };
  }

  /** A POST on a connection used for nothing else (`agent: false`), closed afterwards. */
  async function sendOnOwnConnection(body: string, authorization: string) {
    return new Promise<{
      status: number;
      text: string;
      json: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
    }>((resolve, reject) => {
      const outgoing = httpRequest(
        gateway!.url,
        { method: 'POST', agent: false, headers: { 'content-type': 'application/json', authorization } },
        (response) => {
          let text = '';
          response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, text, json: JSON.parse(text) as never }),
          );
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gateway-hostile-'));
    oidc = await startOidcTestIssuer(dir);
    subgraph = await startRecordingSubgraph();
    subgraph.answerWith(() => ({ body: { data: { company: null } } }));
    gateway = await startGatewayProcess({
      NODE_ENV: 'production',
      ...oidc.gatewayEnv,
      SUBGRAPH_URLS: routeSubgraphs(subgraph.url),
    });
    token = await oidc.accessToken('field-app');
  });

  after(async () => {
    await gateway?.service.stop();
    await subgraph?.close();
    await oidc?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const document of hostile) {
    it(`refuses ${document.title} with ${document.code}${document.limit ? ` (${document.limit})` : ''}`, async () => {
      const response = await send(document);
      assert.equal(response.status, document.status, response.text.slice(0, 300));
      assert.equal(response.json.data, undefined);
      const [error] = response.json.errors ?? [];
      assert.equal(error?.extensions?.['code'], document.code, response.text.slice(0, 300));
      if (document.limit) assert.equal(error?.extensions?.['limit'], document.limit);
      assert.doesNotMatch(response.text, /Did you mean|\n\s+at |stacktrace/);
    });
  }

  it('refuses a hostile document without a token with 401 before measuring it', async () => {
    const response = await send(hostile[0]!, '');
    assert.equal(response.status, 401);
    assert.equal(response.json.errors?.[0]?.extensions?.['code'], 'UNAUTHENTICATED');
  });

  it(`let none of the ${hostile.length} hostile requests reach a subgraph`, async () => {
    assert.ok(hostile.length >= 40);
    assert.equal(subgraph.received.length, 0);
    assert.equal(await gateway!.subgraphRequests(), 0);
    const refused = [
      ...(await gateway!.metrics()).matchAll(
        /^salesgraph_gateway_requests_refused_total\{reason="([a-z_]+)"\} (\d+)$/gm,
      ),
    ];
    assert.deepEqual(
      new Set(refused.map(([, reason]) => reason)),
      new Set([
        'depth',
        'aliases',
        'directives',
        'tokens',
        'cost',
        'variables',
        'persisted_not_found',
        'persisted_mismatch',
        'persisted_malformed',
        'subscription_over_http',
      ]),
    );
  });

  it('still serves an ordinary query, which reaches the subgraph once', async () => {
    const response = await send({
      title: 'ordinary',
      body: { query: 'query($id: ID!) { company(id: $id) { id legalName } }', variables: { id: companyId } },
      status: 200,
      code: '',
    });
    assert.equal(response.status, 200, response.text);
    // Production mode meters it (quotas on by default, in memory here): its cost report comes along.
    const { data, extensions } = response.json as {
      data: unknown;
      extensions?: { cost?: { requestedQueryCost: number } };
    };
    assert.deepEqual(data, { company: null });
    assert.equal(extensions?.cost?.requestedQueryCost, 1);
    assert.equal(subgraph.received.length, 1);
  });
});
