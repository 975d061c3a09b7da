import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { printSubgraphSchema } from '@apollo/subgraph';
import { buildSchema as accountsSchema } from '@salesgraph/accounts/schema';
import { buildSchema as dealsSchema } from '@salesgraph/deals/schema';
import { buildSchema as contractsSchema } from '@salesgraph/contracts/schema';
import { buildSchema as beneficiariesSchema } from '@salesgraph/beneficiaries/schema';
import { buildSchema as workflowsSchema } from '@salesgraph/workflows/schema';
import { buildSchema as intakeSchema } from '@salesgraph/intake/schema';
import { repoRoot } from './config.js';
import { subgraphDefinitions } from './subgraphs.js';

/**
 * type-graphql keeps one metadata store per process, and several subgraphs define classes of
 * the same name (the `Company` and `Deal` stubs). The embedded start builds all six schemas
 * in one process, so each must come out exactly as its own process prints it.
 */
describe('the six subgraph schemas built in one process', () => {
  it('are each identical to the SDL the subgraph prints in a process of its own (its committed schema.graphql)', async () => {
    const built = {
      accounts: await accountsSchema(),
      deals: await dealsSchema(),
      contracts: await contractsSchema(),
      beneficiaries: await beneficiariesSchema(),
      workflows: await workflowsSchema(),
      intake: await intakeSchema(),
    };
    assert.deepEqual(
      Object.keys(built),
      subgraphDefinitions.map((definition) => definition.name),
    );
    for (const [name, schema] of Object.entries(built)) {
      const committed = readFileSync(`${repoRoot}subgraphs/${name}/schema.graphql`, 'utf8');
      const printed = printSubgraphSchema(schema);
      // As scripts/compose.mjs writes it.
      assert.equal(
        printed.endsWith('\n') ? printed : `${printed}\n`,
        committed,
        `${name} differs from subgraphs/${name}/schema.graphql`,
      );
    }
  });
});
