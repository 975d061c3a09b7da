import { describe, it } from 'node:test';
import { rmSync } from 'node:fs';
import assert from 'node:assert/strict';
import { waitFor } from '@salesgraph/testkit';
import { fiveSubgraphQuery, freshDataDir, gatewayRequest, runEmbeddedStart } from './fixtures/embedded-start.js';

const subgraphs = ['accounts', 'deals', 'contracts', 'beneficiaries', 'workflows'];

/** salesgraph_gateway_subgraph_requests_total per subgraph, from the gateway's /metrics. */
async function subgraphRequests(gatewayUrl: string): Promise<Record<string, number>> {
  const text = await (await fetch(gatewayUrl.replace(/\/graphql$/, '/metrics'))).text();
  const counts: Record<string, number> = {};
  for (const [, name, value] of text.matchAll(
    /^salesgraph_gateway_subgraph_requests_total\{subgraph="(\w+)"\} (\d+)/gm,
  ))
    counts[name!] = Number(value);
  return counts;
}

const createCompany = `mutation StartTestCompany($input: CreateCompanyInput!) {
  createCompany(input: $input) { company { id legalName } problem { reason } }
}`;
const companyNames = `query StartTestCompanies { companies(first: 10) { edges { node { legalName } } } }`;

describe('npm start: the whole graph in one process over PGlite and the in-process bus', () => {
  it('serves a query answered by all five subgraphs within 60 s of npm start on a clean data directory', async (t) => {
    const start = await runEmbeddedStart({ via: 'npm' });
    try {
      const { gatewayUrl, dashboardUrl, token } = await start.banner(60_000);
      const bannerSeconds = (performance.now() - start.spawnedAt) / 1000;
      const answer = await waitFor(
        async () => {
          const response = await gatewayRequest(gatewayUrl, token, fiveSubgraphQuery);
          return response.data && !response.errors ? response.data : undefined;
        },
        {
          timeoutMs: Math.max(1_000, 60_000 - (performance.now() - start.spawnedAt)),
          intervalMs: 100,
          description: 'a five-subgraph answer',
        },
      );
      const seconds = (performance.now() - start.spawnedAt) / 1000;
      t.diagnostic(
        `npm start on a clean data directory: banner after ${bannerSeconds.toFixed(1)} s, first five-subgraph answer after ${seconds.toFixed(1)} s`,
      );
      process.stdout.write(
        `# npm start -> five-subgraph answer: ${seconds.toFixed(1)} s (banner ${bannerSeconds.toFixed(1)} s)\n`,
      );
      assert.ok(seconds < 60, `took ${seconds.toFixed(1)} s`);
      assert.deepEqual(Object.keys(answer).sort(), ['beneficiaries', 'companies', 'contracts', 'pipeline', 'tasks']);
      const requests = await subgraphRequests(gatewayUrl);
      for (const name of subgraphs)
        assert.ok((requests[name] ?? 0) >= 1, `${name} answered (${JSON.stringify(requests)})`);

      assert.match(start.output(), /PGlite in .*, in-process event bus/);
      assert.match(start.output(), /SALES_MANAGER of tenant "demo"/);
      const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as {
        tenant: string;
        roles: string[];
      };
      assert.deepEqual([claims.tenant, claims.roles], ['demo', ['SALES_MANAGER']]);
      const dashboard = await fetch(dashboardUrl);
      assert.equal(dashboard.status, 200);
      assert.match(await dashboard.text(), /dashboard\.js/);
    } finally {
      await start.stop();
      rmSync(start.dataDir, { recursive: true, force: true });
      assert.match(start.output(), /Salesgraph stopped\./, start.output().slice(-2000));
    }
  });

  it('keeps its data between runs, and --reset starts from an empty database', async () => {
    const dataDir = freshDataDir('sg-embedded-state');
    const first = await runEmbeddedStart({ via: 'node', dataDir, args: ['--no-seed'] });
    try {
      const { gatewayUrl, token } = await first.banner();
      const created = await gatewayRequest<{ createCompany: { company: { id: string } | null } }>(
        gatewayUrl,
        token,
        createCompany,
        {
          input: { legalName: 'Persistência Teste Ltda', cnpj: '11222333000181', employeeCount: 120 },
        },
      );
      assert.ok(created.data?.createCompany.company, JSON.stringify(created));
    } finally {
      assert.equal(await first.stop(), 0);
    }

    const second = await runEmbeddedStart({ via: 'node', dataDir, args: ['--no-seed'] });
    try {
      const { gatewayUrl, token } = await second.banner();
      const names = await gatewayRequest<{ companies: { edges: { node: { legalName: string } }[] } }>(
        gatewayUrl,
        token,
        companyNames,
      );
      assert.deepEqual(
        names.data?.companies.edges.map((edge) => edge.node.legalName),
        ['Persistência Teste Ltda'],
      );
      // A second start on the same data directory is refused while this one runs.
      const rival = await runEmbeddedStart({ via: 'node', dataDir, args: ['--no-seed'] });
      assert.equal(await rival.exited, 1);
      assert.match(rival.output(), /in use by another npm start/);
    } finally {
      assert.equal(await second.stop(), 0);
    }

    const third = await runEmbeddedStart({ via: 'node', dataDir, args: ['--no-seed', '--reset'] });
    try {
      const { gatewayUrl, token } = await third.banner();
      assert.match(third.output(), /Reset: removed/);
      const names = await gatewayRequest<{ companies: { edges: unknown[] } }>(gatewayUrl, token, companyNames);
      assert.deepEqual(names.data?.companies.edges, []);
    } finally {
      assert.equal(await third.stop(), 0);
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
