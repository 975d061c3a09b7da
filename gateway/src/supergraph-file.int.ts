import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateDevIssuer } from '@salesgraph/auth';
import { parseConfig } from '@salesgraph/config';
import { createLogger } from '@salesgraph/logging';
import { TEST_IDENTITY_SECRET, graphqlRequest, waitFor } from '@salesgraph/testkit';
import { createGatewayApp, type GatewayApp } from './app.js';
import { gatewayEnv } from './config.js';
import { committedSupergraph, routeSubgraphs } from './testing/gateway-process.js';
import { startRecordingSubgraph, type RecordingSubgraph } from './testing/recording-subgraph.js';

const original = `"""A company of the caller's tenant."""`;
const describeCompany = '{ __type(name: "Query") { fields { name description } } }';

/** Hot reload of SUPERGRAPH_PATH: a changed file swaps the schema; a broken one keeps the old. */
describe('the gateway reloading its supergraph file', () => {
  let dir: string;
  let path: string;
  let sdl: string;
  let app: GatewayApp;
  let subgraph: RecordingSubgraph;
  let headers: Record<string, string>;
  const changes: string[] = [];

  const reloads = async (result: 'applied' | 'rejected') =>
    Number(
      new RegExp(`salesgraph_gateway_supergraph_reloads_total\\{result="${result}"\\} (\\d+)`).exec(
        await app.metrics.registry.metrics(),
      )?.[1] ?? 0,
    );
  const companyDescription = async () => {
    const response = await graphqlRequest(app.url, describeCompany, {}, headers);
    assert.equal(response.errors, undefined, JSON.stringify(response.errors));
    return (response.data!['__type'].fields as { name: string; description: string }[]).find(
      (field) => field.name === 'company',
    )?.description;
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gateway-reload-'));
    path = join(dir, 'supergraph.graphql');
    copyFileSync(committedSupergraph, path);
    sdl = readFileSync(path, 'utf8');
    subgraph = await startRecordingSubgraph();
    subgraph.answerWith(() => ({ body: { data: { company: null } } }));
    const issuer = await loadOrCreateDevIssuer(join(dir, 'key.json'));
    headers = { authorization: `Bearer ${await issuer.issue({ tenant: 'acme', roles: ['SALES_REP'] })}` };
    const config = parseConfig(gatewayEnv, {
      NODE_ENV: 'test',
      PORT: '0',
      GATEWAY_IDENTITY_SECRET: TEST_IDENTITY_SECRET,
      DEV_ISSUER_KEY_FILE: join(dir, 'key.json'),
      SUPERGRAPH_PATH: path,
      SUPERGRAPH_POLL_MS: '50',
      SUBGRAPH_URLS: routeSubgraphs(subgraph.url, {}, path),
    });
    app = createGatewayApp({ config, logger: createLogger('gateway-reload', 'silent') });
    app.onSchemaChange(({ supergraphSdl }) => changes.push(supergraphSdl));
    await app.start();
  });

  after(async () => {
    await app?.stop();
    await subgraph?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('tells onSchemaChange listeners about the schema loaded at start, and late listeners at once', () => {
    assert.equal(changes.length, 1);
    let late: string | undefined;
    const unsubscribe = app.onSchemaChange(({ apiSchema }) => (late = apiSchema.getQueryType()?.name));
    unsubscribe();
    assert.equal(late, 'Query');
  });

  it('swaps in a changed supergraph file and tells the listeners', async () => {
    assert.equal(await companyDescription(), "A company of the caller's tenant.");
    writeFileSync(path, sdl.replace(original, '"""A company of the caller\'s tenant (reloaded)."""'));
    await waitFor(() => changes.length === 2, { description: 'the reloaded schema' });
    assert.equal(await companyDescription(), "A company of the caller's tenant (reloaded).");
    assert.equal(await reloads('applied'), 1);
  });

  it('keeps the current schema when the file is cut short, is not a supergraph, drops a subgraph or is refused by Apollo', async () => {
    writeFileSync(path, sdl.slice(0, Math.floor(sdl.length / 2)));
    await waitFor(async () => (await reloads('rejected')) === 1, { description: 'the truncated file to be refused' });
    writeFileSync(path, 'type Query { hello: String }');
    await waitFor(async () => (await reloads('rejected')) === 2, {
      description: 'a schema that is not a supergraph to be refused',
    });
    writeFileSync(path, sdl.replace(/^\s*DEALS @join__graph\(.*\)$/m, ''));
    await waitFor(async () => (await reloads('rejected')) === 3, {
      description: 'a supergraph without a subgraph SUBGRAPH_URLS names to be refused',
    });
    writeFileSync(path, sdl.replace('@join__type(graph: ACCOUNTS)', '@join__type(graph: NO_SUCH_GRAPH)'));
    await waitFor(async () => (await reloads('rejected')) === 4, {
      description: 'a supergraph Apollo cannot build to be refused',
    });
    assert.equal(changes.length, 2);
    assert.equal(await companyDescription(), "A company of the caller's tenant (reloaded).");
    const query = await graphqlRequest(
      app.url,
      'query($id: ID!) { company(id: $id) { id } }',
      { id: '0b6b4a3e-8f0d-4a43-9b1a-2c4e5f6a7b8c' },
      headers,
    );
    assert.deepEqual(query.data, { company: null }, JSON.stringify(query.errors));
    assert.equal(await app.readiness(), true);
  });

  it('applies the next good file after a refused one', async () => {
    writeFileSync(path, sdl);
    await waitFor(() => changes.length === 3, { description: 'the restored schema' });
    assert.equal(await companyDescription(), "A company of the caller's tenant.");
    assert.equal(await reloads('applied'), 2);
  });
});
