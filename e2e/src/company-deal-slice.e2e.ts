import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { uniqueName, waitFor } from '@salesgraph/testkit';
import { stackWithManager } from './stack.js';
import { onceVisible } from './fixtures/visible.js';

const createCompany = `mutation CreateCompany($input: CreateCompanyInput!) {
  createCompany(input: $input) { company { id legalName version } problem { reason } eventId }
}`;
const createDeal = `mutation CreateDeal($input: CreateDealInput!) {
  createDeal(input: $input) { deal { id title stage } problem { reason } eventId }
}`;
const dealWithCompany = `query Deal($id: ID!) { deal(id: $id) { id title company { id legalName segment } } }`;
const dealsByCompanyName = `query Deals($name: String!) { deals(filter: { companyName: $name }) { edges { node { id } } } }`;
const renameCompany = `mutation Rename($input: UpdateCompanyInput!) {
  updateCompany(input: $input) { company { legalName version } problem { reason } }
}`;

describe('the first slice through the graph (gateway, accounts, deals, Kafka, PostgreSQL)', () => {
  const suite = stackWithManager({ subgraphs: ['accounts', 'deals'] });

  it('creates a company and a deal, reads the deal with its company across subgraphs, and finds it by the new name after a rename', async () => {
    const company = await suite.stack.query(suite.token, createCompany, {
      input: { legalName: 'Padaria Pão Quente Ltda', cnpj: '11.222.333/0001-81', employeeCount: 120 },
    });
    assert.equal(company.errors, undefined, JSON.stringify(company.errors));
    const companyId = company.data!['createCompany'].company.id as string;
    assert.match(company.data!['createCompany'].eventId, /^[0-9a-f-]{36}$/);

    const deal = await onceVisible(
      () =>
        suite.stack.query(suite.token, createDeal, {
          input: { companyId, title: 'Plano coletivo 2027', estimatedValue: '250000.00', estimatedLives: 120 },
        }),
      'createDeal',
    );
    assert.equal(deal.errors, undefined, JSON.stringify(deal.errors));
    const dealId = deal.data!['createDeal'].deal.id as string;
    assert.equal(deal.data!['createDeal'].deal.stage, 'LEAD');

    const read = await suite.stack.query(suite.token, dealWithCompany, { id: dealId });
    assert.equal(read.errors, undefined, JSON.stringify(read.errors));
    assert.deepEqual(read.data!['deal'].company, {
      id: companyId,
      legalName: 'Padaria Pão Quente Ltda',
      segment: 'MID',
    });

    // The deals subgraph answers company-name filters from its AccountSummary projection,
    // fed by accounts.company.events through the outbox relay and Kafka.
    await waitFor(
      async () => {
        const found = await suite.stack.query(suite.token, dealsByCompanyName, { name: 'pão quente' });
        return found.data?.['deals'].edges.some((edge: { node: { id: string } }) => edge.node.id === dealId);
      },
      { description: 'the deal to be found by the original company name', timeoutMs: 30_000 },
    );

    const renamed = await suite.stack.query(suite.token, renameCompany, {
      input: { id: companyId, version: 1, legalName: 'Confeitaria Doce Vida S.A.' },
    });
    assert.equal(renamed.errors, undefined, JSON.stringify(renamed.errors));
    assert.deepEqual(renamed.data!['updateCompany'], {
      company: { legalName: 'Confeitaria Doce Vida S.A.', version: 2 },
      problem: null,
    });

    await waitFor(
      async () => {
        const found = await suite.stack.query(suite.token, dealsByCompanyName, { name: 'doce vida' });
        return found.data?.['deals'].edges.some((edge: { node: { id: string } }) => edge.node.id === dealId);
      },
      { description: 'the deal to be found by the new company name', timeoutMs: 30_000 },
    );

    const byOldName = await suite.stack.query(suite.token, dealsByCompanyName, { name: 'pão quente' });
    assert.deepEqual(byOldName.data!['deals'].edges, []);
  });

  it("does not show one tenant's company to another tenant", async () => {
    const created = await suite.stack.query(suite.token, createCompany, {
      input: { legalName: 'Mercado Bom Preço Ltda', cnpj: '04.252.011/0001-10', employeeCount: 40 },
    });
    const companyId = created.data!['createCompany'].company.id as string;
    const otherTenant = await suite.stack.token({ tenant: uniqueName('other'), roles: ['SALES_MANAGER'] });
    const read = await suite.stack.query(otherTenant, `query($id: ID!) { company(id: $id) { id } }`, { id: companyId });
    assert.equal(read.errors, undefined);
    assert.equal(read.data!['company'], null);
  });
});
