import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DRAFT,
  startContractsHarness,
  type Caller,
  type ContractsHarness,
  type TestDeal,
} from '../testing/contracts-harness.js';

/**
 * The gateway resolves entities of this subgraph in batches (`_entities`); every
 * `__resolveReference` and entity-valued field goes through a per-request DataLoader, so the
 * number of SQL statements does not grow with the number of entities.
 */
describe('contracts: statements per federated fetch stay constant as N grows', () => {
  let h: ContractsHarness;
  let manager: Caller;
  let deals: TestDeal[];
  const contractIds: string[] = [];
  let recording = false;
  let statements: string[] = [];

  const measure = async (query: string, variables: Record<string, unknown>, who: Caller = manager) => {
    statements = [];
    recording = true;
    const result = await h.call(who, query, variables);
    recording = false;
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    return { result, statements: [...statements] };
  };
  const entities = (typename: string, ids: readonly string[], selection: string) => ({
    query: `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on ${typename} { ${selection} } } }`,
    variables: { representations: ids.map((id) => ({ __typename: typename, id })) },
  });

  before(async () => {
    h = await startContractsHarness('contracts_reference', {
      onQuery: (sql) => {
        if (recording) statements.push(sql);
      },
    });
    manager = h.as(['SALES_MANAGER'], 'manager-1');
    deals = await h.openDeals(40, 'NEGOTIATION', { ownerId: 'rep-1' });
    for (const deal of deals) {
      const input = {
        dealId: deal.id,
        planType: 'HOSPITALAR',
        monthlyPremiumPerLife: '300.00',
        contractedLives: 20,
        startDate: '2027-01-01',
        endDate: '2027-12-31',
      };
      const result = await h.call(manager, DRAFT, { input });
      contractIds.push(result.data!['draftContract'].contract.id);
    }
  });

  after(async () => {
    await h?.close();
  });

  const compare = async (typename: string, ids: readonly string[], selection: string, who: Caller = manager) => {
    const few = entities(typename, ids.slice(0, 3), selection);
    const many = entities(typename, ids, selection);
    const small = await measure(few.query, few.variables, who);
    const large = await measure(many.query, many.variables, who);
    assert.equal(large.result.data!['_entities'].length, ids.length);
    assert.equal(
      large.statements.length,
      small.statements.length,
      `3 -> ${small.statements.length} statements, ${ids.length} -> ${large.statements.length}`,
    );
    return large;
  };

  it('resolves 3 or 40 contracts by reference with one statement', async () => {
    const { result, statements: sql } = await compare(
      'Contract',
      contractIds,
      'id number annualValue company { id } deal { id }',
    );
    assert.equal(sql.length, 1);
    assert.deepEqual(
      result.data!['_entities'].map((contract: { id: string }) => contract.id),
      contractIds,
    );
  });

  it('resolves Company.contracts for 3 or 40 companies with one statement', async () => {
    const { result, statements: sql } = await compare(
      'Company',
      deals.map((deal) => deal.companyId),
      'id contracts(first: 5) { edges { node { id number } } pageInfo { hasNextPage } }',
    );
    assert.equal(sql.length, 1);
    assert.ok(
      result.data!['_entities'].every(
        (company: { contracts: { edges: unknown[] } }) => company.contracts.edges.length === 1,
      ),
    );
  });

  it('resolves Deal.contract and Deal.contracts for 3 or 40 deals with one statement for both fields', async () => {
    const { result, statements: sql } = await compare(
      'Deal',
      deals.map((deal) => deal.id),
      'id contract { id } contracts { edges { node { id } } }',
    );
    assert.equal(sql.length, 1);
    assert.deepEqual(
      result.data!['_entities'].map((deal: { contract: { id: string } }) => deal.contract.id),
      contractIds,
    );
  });

  it("keeps one statement when a SALES_REP's visibility rule applies (a subquery, not a second statement)", async () => {
    const rep = h.as(['SALES_REP'], 'rep-1');
    const { result, statements: sql } = await compare('Contract', contractIds, 'id', rep);
    assert.equal(sql.length, 1);
    assert.match(sql[0]!, /deal_snapshot/);
    assert.ok(result.data!['_entities'].every((contract: unknown) => contract !== null));
    const hidden = entities('Contract', contractIds, 'id');
    const other = await h.call(h.as(['SALES_REP'], 'rep-2'), hidden.query, hidden.variables);
    assert.ok(other.data!['_entities'].every((contract: unknown) => contract === null));
    assert.deepEqual(
      other.errors?.map((error) => [error.extensions?.['code'], error.path]),
      contractIds.map((_id, index) => ['NOT_FOUND', ['_entities', index]]),
      'each contract the caller may not see is null with a NOT_FOUND error at its position',
    );
  });

  it('lists 40 contracts with their company and deal in one statement', async () => {
    const { result, statements: sql } = await measure(
      `{ contracts(first: 40) { edges { node { id company { id } deal { id } } } } }`,
      {},
    );
    assert.equal(result.data!['contracts'].edges.length, 40);
    assert.equal(sql.length, 1);
  });
});
