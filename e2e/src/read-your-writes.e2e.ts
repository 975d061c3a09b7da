import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { uniqueName, waitFor } from '@salesgraph/testkit';
import { stackWithManager } from './stack.js';
import {
  createCompanyMutation,
  updateCompanyMutation,
  createDealMutation,
  companyInput,
  payloadOf,
} from './fixtures/projection-processes.js';
import { onceVisible } from './fixtures/visible.js';

const eventStatus = `query EventStatus($eventId: ID!) {
  eventStatus(eventId: $eventId) {
    eventId
    dealsAccountSummary { projection applied appliedAt }
  }
}`;
const bothProjections = `query EventStatus($eventId: ID!) {
  eventStatus(eventId: $eventId) {
    dealsAccountSummary { applied }
    accountsAccountMetrics { projection applied }
  }
}`;
const dealsByCompanyName = `query Deals($name: String!) { deals(filter: { companyName: $name }) { edges { node { id } } } }`;

/**
 * Read-your-writes through the gateway: a mutation returns the `eventId` it produced, and
 * `eventStatus(eventId)` tells the client when the projections it depends on have applied it;
 * from then on reads served by those projections reflect the write.
 */
describe('read-your-writes: eventStatus through the gateway', () => {
  const suite = stackWithManager({ subgraphs: ['accounts', 'deals'] });

  /**
   * Creates company `n`, then a deal of it: the deal names the company just created, and the
   * company's eventId (Salesgraph-After-Event) tells deals what to wait for. Both payloads.
   */
  const companyWithDeal = async (n: number, deal: Record<string, unknown>) => {
    const created = payloadOf(
      await suite.stack.query(suite.token, createCompanyMutation, { i: companyInput(n) }),
      'createCompany',
    );
    const createDeal = () =>
      suite.stack.query(
        suite.token,
        createDealMutation,
        { i: { companyId: created['company'].id, ...deal } },
        { headers: { 'salesgraph-after-event': created['eventId'] as string } },
      );
    return { created, deal: payloadOf(await onceVisible(createDeal, 'createDeal', ['NOT_YET_VISIBLE']), 'createDeal') };
  };

  it('reports deals.account-summary applied after a poll, and the write is then visible to deals filters', async () => {
    const { created, deal } = await companyWithDeal(91_001, {
      title: 'Plano 2027',
      estimatedValue: '1000.00',
      estimatedLives: 12,
    });
    const eventId = created['eventId'] as string;

    const applied = await waitFor(
      async () => {
        const status = await suite.stack.query(suite.token, eventStatus, { eventId });
        assert.equal(status.errors, undefined, JSON.stringify(status.errors));
        const progress = status.data!['eventStatus'].dealsAccountSummary;
        return progress.applied ? status.data!['eventStatus'] : undefined;
      },
      { description: 'deals.account-summary to apply company.created', timeoutMs: 30_000, intervalMs: 100 },
    );
    assert.equal(applied.eventId, eventId);
    assert.equal(applied.dealsAccountSummary.projection, 'deals.account-summary');
    assert.ok(Date.parse(applied.dealsAccountSummary.appliedAt) > 0);
    const stranger = await suite.stack.token({ tenant: uniqueName('tenant'), roles: ['SALES_MANAGER'] });
    const seenByStranger = await suite.stack.query(stranger, eventStatus, { eventId });
    assert.equal(
      seenByStranger.data!['eventStatus'].dealsAccountSummary.applied,
      false,
      'another tenant learns nothing about the event',
    );

    // Applied means reads served by that projection now reflect the write, with no further wait.
    const found = await suite.stack.query(suite.token, dealsByCompanyName, { name: 'Empresa 91001' });
    assert.deepEqual(
      found.data!['deals'].edges.map((edge: { node: { id: string } }) => edge.node.id),
      [deal['deal'].id],
    );
  });

  it('reports a rename applied after a poll, after which the deals filter finds the deal by the new name', async () => {
    const { created, deal } = await companyWithDeal(91_002, {
      title: 'Plano',
      estimatedValue: '10.00',
      estimatedLives: 3,
    });
    const companyId = created['company'].id as string;
    const renamed = payloadOf(
      await suite.stack.query(suite.token, updateCompanyMutation, {
        i: { id: companyId, version: 1, legalName: 'Nome Novo Ltda' },
      }),
      'updateCompany',
    );
    await waitFor(
      async () =>
        (await suite.stack.query(suite.token, eventStatus, { eventId: renamed['eventId'] })).data?.['eventStatus']
          .dealsAccountSummary.applied,
      {
        description: 'the rename to be applied',
        timeoutMs: 30_000,
        intervalMs: 100,
      },
    );
    const first = await suite.stack.query(suite.token, eventStatus, { eventId: created['eventId'] });
    assert.equal(
      first.data!['eventStatus'].dealsAccountSummary.applied,
      true,
      'the earlier event of the company stays applied',
    );
    const found = await suite.stack.query(suite.token, dealsByCompanyName, { name: 'Nome Novo' });
    assert.deepEqual(
      found.data!['deals'].edges.map((edge: { node: { id: string } }) => edge.node.id),
      [deal['deal'].id],
    );
  });

  it('answers per projection: an event a projection does not consume stays not applied there', async () => {
    const created = payloadOf(
      await suite.stack.query(suite.token, createCompanyMutation, { i: companyInput(91_003) }),
      'createCompany',
    );
    const eventId = created['eventId'] as string;
    const status = await waitFor(
      async () => {
        const response = await suite.stack.query(suite.token, bothProjections, { eventId });
        assert.equal(response.errors, undefined, JSON.stringify(response.errors));
        return response.data!['eventStatus'].dealsAccountSummary.applied ? response.data!['eventStatus'] : undefined;
      },
      { description: 'deals.account-summary to apply it', timeoutMs: 30_000, intervalMs: 100 },
    );
    assert.deepEqual(status.accountsAccountMetrics, { projection: 'accounts.account-metrics', applied: false });
  });

  it('refuses an eventId that is not a UUID, naming the argument', async () => {
    const response = await suite.stack.query(suite.token, eventStatus, { eventId: 'not-an-event' });
    assert.equal(response.errors?.[0]?.extensions?.['code'], 'BAD_USER_INPUT');
    assert.match(response.errors[0].message, /eventId/);
  });

  it('reports an unknown event as not applied by any projection', async () => {
    const response = await suite.stack.query(suite.token, eventStatus, {
      eventId: '00000000-0000-4000-8000-000000000000',
    });
    assert.equal(response.errors, undefined, JSON.stringify(response.errors));
    assert.equal(response.data!['eventStatus'].dealsAccountSummary.applied, false);
    assert.equal(response.data!['eventStatus'].dealsAccountSummary.appliedAt, null);
  });
});
