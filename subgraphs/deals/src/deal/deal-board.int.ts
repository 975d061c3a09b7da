import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { uniqueName } from '@salesgraph/testkit';
import { startDealsHarness, type Caller, type DealsHarness } from '../testing/deals-harness.js';
import { dealOps } from '../testing/deal-operations.js';

const listQuery = `query($filter: DealFilter, $orderBy: DealOrder, $first: Int!, $after: String) {
  deals(filter: $filter, orderBy: $orderBy, first: $first, after: $after) { edges { cursor node { id title } } pageInfo { hasNextPage endCursor } }
}`;

/** What a pipeline board asks for: deals with their fields, then (through the gateway) their companies' deals and the deals by key. */
const boardQuery = `query($n: Int!) { deals(first: $n, orderBy: { field: COMPANY_NAME }) { edges { cursor node {
  id title stage probability meddicScore estimatedValue estimatedLives ownerId expectedCloseDate lostReason version
  meddic { metrics economicBuyer decisionCriteria decisionProcess identifyPain champion } stageHistory { from to at by } company { id }
} } pageInfo { hasNextPage endCursor } } }`;
const companyDealsQuery = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Company { id deals(first: 3) { edges { node { id title stage probability meddicScore } } pageInfo { hasNextPage } } } } }`;
const dealEntitiesQuery = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Deal { id title stage probability meddicScore company { id } } } }`;

describe('deals: the board (filters, ordering, Company.deals, statement counts) on real PostgreSQL and Kafka', () => {
  let h: DealsHarness;
  let ops: ReturnType<typeof dealOps>;
  const tenant = uniqueName('tenant');
  const manager: Caller = { tenant, roles: ['SALES_MANAGER'], sub: 'manager-1' };
  const rep1: Caller = { tenant, roles: ['SALES_REP'], sub: 'rep-1' };
  const rep2: Caller = { tenant, roles: ['SALES_REP'], sub: 'rep-2' };
  const companies: Record<'alfa' | 'beta' | 'gama' | 'unknown', string> = {
    alfa: '',
    beta: '',
    gama: '',
    unknown: '',
  };

  const titles = async (caller: Caller, variables: Record<string, unknown>) => {
    const response = await h.call(caller, listQuery, { first: 100, ...variables });
    assert.equal(response.errors, undefined, JSON.stringify(response.errors));
    return response.data!['deals'].edges.map((edge: { node: { title: string } }) => edge.node.title);
  };

  /** Pages through with `first: 2` and returns every title in order. */
  const paged = async (caller: Caller, variables: Record<string, unknown>) => {
    const all: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: { edges: { node: { title: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } = (
        await h.call(caller, listQuery, { ...variables, first: 2, after })
      ).data!['deals'];
      all.push(...page.edges.map((edge) => edge.node.title));
      if (!page.pageInfo.hasNextPage) return all;
      after = page.pageInfo.endCursor;
    }
  };

  before(async () => {
    h = await startDealsHarness('deals_board');
    ops = dealOps(h);
    const [alfa, beta, gama, unknown] = await h.companies(tenant, [
      { legalName: 'alfa Alimentos', segment: 'SMB' },
      { legalName: 'Beta Bebidas', segment: 'ENTERPRISE' },
      { legalName: 'Gama Gráfica', segment: 'MID' },
      { legalName: 'Zeta (forgotten by the projection)', segment: 'SMB' },
    ]);
    Object.assign(companies, { alfa, beta, gama, unknown });
    await ops.create(rep1, companies.alfa, { title: 'A1' });
    await ops.move(rep2, await ops.create(rep2, companies.alfa, { title: 'A2' }), 'DISCOVERY');
    await ops.create(rep1, companies.beta, { title: 'B1' });
    await ops.create(rep1, companies.beta, { title: 'B2' });
    await ops.create(rep2, companies.gama, { title: 'G1' });
    await ops.create(rep1, companies.unknown, { title: 'U1' });
    // A deal's company may be missing from AccountSummary later (a projection rebuilt from a trimmed topic).
    await h.sql.query('delete from deals.account_summary where id = $1', [companies.unknown]);
    await h.pipelineCaughtUp(); // statement counts below must not include the pipeline projection's work
  });

  after(async () => {
    await h?.stop();
  });

  it('orders deals by company name and by segment, both ways, and pages through the same order with cursors', async () => {
    const byName = ['U1', 'A1', 'A2', 'B1', 'B2', 'G1'];
    const bySegment = ['A1', 'A2', 'G1', 'B1', 'B2', 'U1'];
    assert.deepEqual(
      await titles(manager, { orderBy: { field: 'COMPANY_NAME' } }),
      byName,
      'case-insensitive; a company AccountSummary does not know sorts first',
    );
    assert.deepEqual(
      await titles(manager, { orderBy: { field: 'SEGMENT' } }),
      bySegment,
      'SMB, MID, ENTERPRISE, then unknown',
    );
    assert.deepEqual(
      await titles(manager, { orderBy: { field: 'COMPANY_NAME', direction: 'DESC' } }),
      [...byName].reverse(),
    );
    assert.deepEqual(
      await titles(manager, { orderBy: { field: 'SEGMENT', direction: 'DESC' } }),
      [...bySegment].reverse(),
    );
    assert.deepEqual(await titles(manager, {}), ['A1', 'A2', 'B1', 'B2', 'G1', 'U1'], 'oldest first by default');
    for (const orderBy of [
      { field: 'COMPANY_NAME' },
      { field: 'SEGMENT', direction: 'DESC' },
      { field: 'CREATED_AT', direction: 'DESC' },
    ]) {
      assert.deepEqual(await paged(manager, { orderBy }), await titles(manager, { orderBy }));
    }
    const page = (await h.call(manager, listQuery, { orderBy: { field: 'SEGMENT' }, first: 2 })).data!['deals'];
    const misused = await h.call(manager, listQuery, {
      orderBy: { field: 'COMPANY_NAME' },
      first: 2,
      after: page.pageInfo.endCursor,
    });
    assert.deepEqual(
      [misused.errors?.[0]?.extensions?.['code'], misused.errors?.[0]?.extensions?.['field']],
      ['BAD_USER_INPUT', 'after'],
    );
  });

  it('filters deals by segment, stages, owner and company name, alone and combined, within what the caller may see', async () => {
    assert.deepEqual(await titles(manager, { filter: { segment: 'ENTERPRISE' } }), ['B1', 'B2']);
    assert.deepEqual(await titles(manager, { filter: { stages: ['DISCOVERY', 'PROPOSAL'] } }), ['A2']);
    assert.deepEqual(await titles(manager, { filter: { ownerId: 'rep-2' } }), ['A2', 'G1']);
    assert.deepEqual(await titles(manager, { filter: { companyName: 'BEBIDAS' } }), ['B1', 'B2']);
    assert.deepEqual(await titles(manager, { filter: { segment: 'SMB', ownerId: 'rep-1', stages: ['LEAD'] } }), ['A1']);
    assert.deepEqual(await titles(manager, { filter: { companyId: companies.gama } }), ['G1']);
    assert.deepEqual(await titles(rep2, { filter: { segment: 'SMB' } }), ['A2'], 'a SALES_REP filters own deals only');
    assert.deepEqual(await titles(rep2, { filter: { ownerId: 'rep-1' } }), []);
    assert.deepEqual(
      await titles(manager, { filter: { companyName: '100%_' } }),
      [],
      'LIKE wildcards in the name are literal',
    );
  });

  it('resolves Company.deals for many companies with a per-company first-N window in one statement', async () => {
    const reps = [companies.alfa, companies.beta, companies.gama, randomUUID()].map((id) => ({
      __typename: 'Company',
      id,
    }));
    let response: Awaited<ReturnType<DealsHarness['call']>> | undefined;
    const statements = await h.statementsDuring(async () => {
      response = await h.call(
        manager,
        `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Company { id deals(first: 1) { edges { node { title } } pageInfo { hasNextPage endCursor } } } } }`,
        { reps },
      );
    });
    assert.equal(statements.length, 1, statements.join('\n'));
    const [alfa, beta, gama, none] = response!.data!['_entities'];
    assert.deepEqual([alfa.deals.edges, alfa.deals.pageInfo.hasNextPage], [[{ node: { title: 'A1' } }], true]);
    assert.deepEqual(
      [beta.deals.edges, gama.deals.edges, gama.deals.pageInfo.hasNextPage],
      [[{ node: { title: 'B1' } }], [{ node: { title: 'G1' } }], false],
    );
    assert.deepEqual(none.deals.edges, []);
    const next = await h.call(
      manager,
      `query($reps: [_Any!]!, $after: String) { _entities(representations: $reps) { ... on Company { deals(first: 5, after: $after) { edges { node { title } } } } } }`,
      {
        reps: reps.slice(0, 1),
        after: alfa.deals.pageInfo.endCursor,
      },
    );
    assert.deepEqual(next.data!['_entities'][0].deals.edges, [{ node: { title: 'A2' } }]);
    const repView = await h.call(
      rep1,
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Company { deals { edges { node { title } } } } } }`,
      { reps: reps.slice(0, 1) },
    );
    assert.deepEqual(
      repView.data!['_entities'][0].deals.edges,
      [{ node: { title: 'A1' } }],
      'a SALES_REP sees own deals of the company',
    );
  });

  it('issues the same number of SQL statements for a board of 10 deals as for 50', async () => {
    const boardTenant = uniqueName('tenant');
    const boss: Caller = { tenant: boardTenant, roles: ['SALES_MANAGER'], sub: 'manager-1' };
    const ids = await h.companies(
      boardTenant,
      Array.from({ length: 50 }, (_, index) => ({
        legalName: `Empresa ${String(index).padStart(2, '0')}`,
        segment: (['SMB', 'MID', 'ENTERPRISE'] as const)[index % 3],
      })),
    );
    for (const [index, companyId] of ids.entries()) {
      const deal = await ops.create(boss, companyId, {
        title: `Negócio ${index}`,
        estimatedValue: `${1000 + index}.50`,
        expectedCloseDate: '2027-06-30',
      });
      if (index % 2 === 0) await ops.score(boss, deal, [3, 3, 3, 2, 2, 2]);
      if (index % 5 === 0) await ops.create(boss, companyId, { title: `Extra ${index}` });
    }
    await h.pipelineCaughtUp(); // as in before()
    const board = async (n: number) => {
      const counts: number[] = [];
      let dealIds: string[] = [];
      let companyIds: string[] = [];
      counts.push(
        (
          await h.statementsDuring(async () => {
            const response = await h.call(boss, boardQuery, { n });
            assert.equal(response.errors, undefined, JSON.stringify(response.errors));
            const nodes = response.data!['deals'].edges.map(
              (edge: { node: { id: string; company: { id: string } } }) => edge.node,
            );
            assert.equal(nodes.length, n);
            dealIds = nodes.map((node: { id: string }) => node.id);
            companyIds = [...new Set<string>(nodes.map((node: { company: { id: string } }) => node.company.id))];
          })
        ).length,
      );
      counts.push(
        (
          await h.statementsDuring(async () => {
            const response = await h.call(boss, companyDealsQuery, {
              reps: companyIds.map((id) => ({ __typename: 'Company', id })),
            });
            assert.equal(response.data!['_entities'].length, companyIds.length);
            assert.ok(
              response.data!['_entities'].every(
                (company: { deals: { edges: unknown[] } }) => company.deals.edges.length >= 1,
              ),
            );
          })
        ).length,
      );
      counts.push(
        (
          await h.statementsDuring(async () => {
            const response = await h.call(boss, dealEntitiesQuery, {
              reps: dealIds.map((id) => ({ __typename: 'Deal', id })),
            });
            assert.deepEqual(
              response.data!['_entities'].map((deal: { id: string }) => deal.id),
              dealIds,
            );
          })
        ).length,
      );
      return counts;
    };
    const ten = await board(10);
    const fifty = await board(50);
    assert.deepEqual(fifty, ten);
    assert.deepEqual(ten, [1, 1, 1], 'one statement per entity type per request');
  });
});
