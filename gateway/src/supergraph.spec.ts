import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSupergraph, SupergraphError } from './supergraph.js';

/** The join__Graph part of a composed supergraph, which is all routing needs. */
const composed = (accountsUrl: string) => `
directive @join__graph(name: String!, url: String!) on ENUM_VALUE
enum join__Graph {
  ACCOUNTS @join__graph(name: "accounts", url: "${accountsUrl}")
  DEALS @join__graph(name: "deals", url: "http://localhost:4002/graphql")
}
type Query { ping: String }
`;

describe('reading the composed supergraph', () => {
  let dir: string;
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'gateway-supergraph-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('routes each subgraph to its composed URL', async () => {
    const supergraph = await loadSupergraph(file('a.graphql', composed('http://localhost:4001/graphql')), {});
    assert.deepEqual(Object.fromEntries(supergraph.routingUrls), {
      accounts: 'http://localhost:4001/graphql',
      deals: 'http://localhost:4002/graphql',
    });
  });

  it('lets SUBGRAPH_URLS override a routing URL', async () => {
    const supergraph = await loadSupergraph(file('b.graphql', composed('http://localhost:4001/graphql')), {
      accounts: 'http://10.0.0.7:9000/graphql',
    });
    assert.equal(supergraph.routingUrls.get('accounts'), 'http://10.0.0.7:9000/graphql');
  });

  it('refuses an override for a subgraph the supergraph does not have', async () => {
    await assert.rejects(
      loadSupergraph(file('c.graphql', composed('http://localhost:4001/graphql')), { acounts: 'http://x/graphql' }),
      /acounts, not in the supergraph/,
    );
  });

  it('refuses a subgraph left without a routing URL', async () => {
    await assert.rejects(loadSupergraph(file('d.graphql', composed('')), {}), /no routing URL for accounts/);
  });

  it('explains a missing file and a file that is not a supergraph', async () => {
    await assert.rejects(
      loadSupergraph(join(dir, 'missing.graphql'), {}),
      (error: unknown) => error instanceof SupergraphError && /npm run compose/.test(error.message),
    );
    await assert.rejects(loadSupergraph(file('e.graphql', 'type Query { a: String }'), {}), /join__Graph is missing/);
    await assert.rejects(loadSupergraph(file('f.graphql', 'type Query {'), {}), /not valid GraphQL/);
  });
});
