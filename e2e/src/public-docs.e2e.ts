import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { readDocsExamples } from '@salesgraph/public-contract';
import { graphqlRequest, waitFor, type GraphQLResponse } from '@salesgraph/testkit';
import { cnpjFor } from './fixtures/cnpj.js';
import { startStack, type Stack } from './stack.js';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const artifacts = join(root, 'test-artifacts');
/** Debian's Chromium (scripts/test.sh installs it with apt). */
const chromiumPath = '/usr/bin/chromium';
const tenant = 'docs_tenant';
const examples = readDocsExamples(join(root, 'examples/third-party-client/operations'));

/**
 * The reference of the public API: its examples run against the real gateway and subgraphs
 * (so they cannot rot), and /public/docs renders in Chromium (screenshot in test-artifacts/).
 * The gateway runs outside production with no PUBLIC_API_CLIENTS: the development issuer's
 * client tokens (`npm run token -- --client ...`) are accepted for their own tenant.
 */
describe('the public API reference (/public/docs) and its examples', () => {
  let stack: Stack;
  let publicUrl: string;
  let token: string;
  let companyId: string;
  const profileDir = mkdtempSync(join(tmpdir(), 'sg-docs-chromium-'));
  let browser: BrowserContext | undefined;

  const ok = (response: GraphQLResponse): Record<string, any> => {
    assert.equal(response.errors, undefined, JSON.stringify(response.errors));
    return response.data!;
  };

  before(async () => {
    stack = await startStack({ subgraphs: ['accounts', 'deals'] });
    publicUrl = stack.gatewayUrl.replace('/graphql', '/public/graphql');
    token = await stack.token({
      clientId: 'docs-app',
      tenant,
      scopes: ['companies:read', 'companies:write', 'deals:read', 'deals:write', 'pipeline:read'],
    });
    companyId = ok(
      await graphqlRequest(
        publicUrl,
        'mutation($input: CreateCompanyInput!) { createCompany(input: $input) { company { id } } }',
        { input: { legalName: 'Documentada Ltda', cnpj: cnpjFor(Date.now() % 100_000_000), employeeCount: 30 } },
        { authorization: `Bearer ${token}` },
      ),
    )['createCompany'].company.id as string;
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
    rmSync(profileDir, { recursive: true, force: true });
  });

  /** The variables each example needs; an example without an entry here fails the test. */
  const variables = (): Record<string, Record<string, unknown>> => ({
    PartnerPipeline: {},
    PartnerDeals: { first: 10 },
    PartnerCreateDeal: { input: { companyId, title: 'Exemplo', estimatedValue: '50000.00', estimatedLives: 10 } },
    PartnerDealChanged: {},
  });

  it('runs every query and mutation the reference shows, with a client token, without an error', async () => {
    assert.ok(examples.length >= 4, 'the reference has examples');
    for (const example of examples.filter((candidate) => !candidate.document.startsWith('subscription'))) {
      const given = variables()[example.name];
      assert.ok(given, `no variables for the example ${example.name}`);
      // Writes become visible to the deals subgraph through its projection: retry until the company is known there.
      const data = await waitFor(
        async () => {
          const response = await graphqlRequest(publicUrl, example.document, given, {
            authorization: `Bearer ${token}`,
          });
          const result = ok(response);
          return result['createDeal']?.problem?.reason === 'NOT_YET_VISIBLE' ? undefined : result;
        },
        { timeoutMs: 30_000, description: `the example ${example.name}` },
      );
      assert.ok(Object.keys(data).length > 0, example.name);
      if (data['createDeal']) assert.equal(data['createDeal'].problem, null, JSON.stringify(data));
    }
  });

  it('answers a user token without the scopes a document needs with 403 FORBIDDEN on /public/graphql, nothing executed', async () => {
    const manager = await stack.token({ tenant, roles: ['SALES_MANAGER'] });
    const response = await graphqlRequest(
      publicUrl,
      examples.find((example) => example.name === 'PartnerDeals')!.document,
      {
        first: 5,
      },
      { authorization: `Bearer ${manager}` },
    );
    assert.equal(response.status, 403);
    assert.equal(response.data, undefined);
    assert.deepEqual(
      response.errors?.map((error) => [error.extensions?.['code'], error.path?.join('.')]),
      [['FORBIDDEN', 'deals']],
    );
  });

  it('accepts every subscription the reference shows (an event stream opens at /public/graphql)', async () => {
    for (const example of examples.filter((candidate) => candidate.document.startsWith('subscription'))) {
      const abort = new AbortController();
      const response = await fetch(publicUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: example.document, variables: variables()[example.name] }),
        signal: abort.signal,
      });
      try {
        // The body of an open stream never ends: only its status and type are read.
        assert.equal(response.status, 200, example.name);
        assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
      } finally {
        abort.abort();
      }
    }
  });

  it('renders /public/docs in Chromium: scopes, examples, operations and types, no personal data', async () => {
    browser = await chromium.launchPersistentContext(profileDir, {
      executablePath: chromiumPath,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-component-update'],
    });
    const page = await browser.newPage();
    const response = await page.goto(stack.gatewayUrl.replace('/graphql', '/public/docs'));
    assert.equal(response?.status(), 200);
    assert.equal(await page.textContent('h1'), 'Salesgraph public API');
    assert.match((await page.textContent('#scopes + table')) ?? '', /deals:write/);
    assert.match((await page.textContent('#example-PartnerDeals')) ?? '', /deals\(first: \$first/);
    assert.match((await page.textContent('#type-Query')) ?? '', /deals:read/);
    assert.match((await page.textContent('#type-Deal')) ?? '', /estimatedValue/);
    assert.equal(await page.$('#type-Beneficiary'), null);
    assert.equal(await page.$('#type-Contact'), null);
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'public-docs.png'), fullPage: false });
  });
});
