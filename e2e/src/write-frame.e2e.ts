import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { uniqueName, waitFor } from '@salesgraph/testkit';
import { startStack, type Stack } from './stack.js';
import { cnpjFor } from './fixtures/cnpj.js';

const createCompany = `mutation($input: CreateCompanyInput!) {
  createCompany(input: $input) { company { id version } problem { reason } eventId }
}`;
const createDeal = `mutation($input: CreateDealInput!) {
  createDeal(input: $input) { deal { id version title stage company { id legalName } } problem { reason message } eventId }
}`;
const dealsWithCompanies = `{ deals(first: 50) { edges { node { id title company { id legalName } } } } }`;

/**
 * The write frame across processes: two gateways, each over its own accounts and deals
 * processes, all on one database — an Idempotency-Key holds across all of them.
 */
describe('writes through two gateways and two processes of each subgraph', () => {
  let stack: Stack;
  let token: string;
  let sql: pg.Client;

  /** Creates a company, then a deal for it once AccountSummary knows it (Salesgraph-After-Event). */
  const companyWithDeal = async (legalName: string, title: string) => {
    const company = (
      await stack.query(token, createCompany, {
        input: { legalName, cnpj: cnpjFor(Math.floor(Math.random() * 99_999_999)), employeeCount: 30 },
      })
    ).data!['createCompany'];
    const deal = await waitFor(
      async () => {
        const answer = (
          await stack.query(
            token,
            createDeal,
            { input: { companyId: company.company.id, title, estimatedValue: '90000.00', estimatedLives: 30 } },
            { headers: { 'salesgraph-after-event': company.eventId } },
          )
        ).data!['createDeal'];
        return answer.problem?.reason === 'NOT_YET_VISIBLE' ? undefined : answer;
      },
      { description: `AccountSummary to know ${legalName}` },
    );
    assert.equal(deal.problem, null, JSON.stringify(deal.problem));
    return { companyId: company.company.id as string, deal: deal.deal as { id: string; title: string } };
  };

  before(async () => {
    stack = await startStack({ subgraphs: ['accounts', 'deals'], instances: 2 });
    token = await stack.token({ tenant: uniqueName('tenant'), roles: ['SALES_MANAGER'] });
    sql = new pg.Client({ connectionString: stack.databaseUrl });
    await sql.connect();
  });

  after(async () => {
    await sql?.end();
    await stack?.stop();
  });

  it('creates one deal for one Idempotency-Key sent through both gateways at once, and answers both alike', async () => {
    const { companyId } = await companyWithDeal('Padaria Dois Fornos Ltda', 'Primeiro negócio');
    const headers = { 'idempotency-key': randomUUID() };
    const input = { companyId, title: 'Plano enviado duas vezes', estimatedValue: '150000.00', estimatedLives: 60 };
    const [first, second] = await Promise.all(
      [0, 1].map((gateway) => stack.query(token, createDeal, { input }, { headers, gateway })),
    );
    assert.equal(first!.errors, undefined, JSON.stringify(first!.errors));
    assert.equal(first!.data!['createDeal'].problem, null);
    assert.deepEqual(second, first);
    const replay = await stack.query(token, createDeal, { input }, { headers, gateway: 1 });
    assert.deepEqual(replay, first);
    const stored = await sql.query('select count(*)::int as n from deals.deal where title = $1', [input.title]);
    assert.equal(stored.rows[0].n, 1);
    const events = await sql.query(
      `select count(*)::int as n from deals.outbox where payload->>'eventType' = 'deal.created' and payload->'data'->'deal'->>'title' = $1`,
      [input.title],
    );
    assert.equal(events.rows[0].n, 1);

    const otherBody = await stack.query(token, createDeal, { input: { ...input, estimatedLives: 61 } }, { headers });
    assert.equal(otherBody.errors?.[0]?.extensions?.['code'], 'IDEMPOTENCY_KEY_REUSED');
    assert.equal(otherBody.data?.['createDeal'] ?? null, null);
  });

  it('lists a deal whose company resolves to nothing with null and an error on its path, the other deals intact', async () => {
    const kept = await companyWithDeal('Mercado Continua Ltda', 'Negócio que fica');
    const gone = await companyWithDeal('Empresa Sumida Ltda', 'Negócio órfão');
    // The company row disappears from accounts (data repaired by hand, a restore that missed it):
    // the deal still names it, and accounts can no longer resolve it.
    await sql.query('delete from accounts.company where id = $1', [gone.companyId]);

    const listed = await stack.query(token, dealsWithCompanies);
    const nodes = listed.data!['deals'].edges.map((edge: { node: unknown }) => edge.node) as {
      id: string;
      company: { id: string; legalName: string } | null;
    }[];
    const orphanIndex = nodes.findIndex((node) => node.id === gone.deal.id);
    assert.ok(orphanIndex >= 0, 'the deal is still listed');
    assert.equal(nodes[orphanIndex]!.company, null);
    assert.deepEqual(nodes.find((node) => node.id === kept.deal.id)!.company, {
      id: kept.companyId,
      legalName: 'Mercado Continua Ltda',
    });
    assert.ok(nodes.filter((node) => node.id !== gone.deal.id).every((node) => node.company !== null));
    assert.deepEqual(
      listed.errors?.map((error) => ({ code: error.extensions?.['code'], path: error.path })),
      [{ code: 'NOT_FOUND', path: ['deals', 'edges', orphanIndex, 'node', 'company'] }],
    );
  });
});
