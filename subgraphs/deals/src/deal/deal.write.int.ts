import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createEvent } from '@salesgraph/events';
import { companyCreated } from '@salesgraph/events/testing';
import { uniqueName, waitFor } from '@salesgraph/testkit';
import { startDealsHarness, type Caller, type DealsHarness } from '../testing/deals-harness.js';
import { dealOps } from '../testing/deal-operations.js';

const createDeal = `mutation($input: CreateDealInput!) {
  createDeal(input: $input) { deal { id version title companyId: company { id } } problem { reason message } eventId }
}`;

describe('deals: the write frame (references in the tenant, Idempotency-Key) on real PostgreSQL and Kafka', () => {
  let h: DealsHarness;
  const tenant = uniqueName('tenant');
  const rep: Caller = { tenant, roles: ['SALES_REP'], sub: 'rep-1' };
  const otherRep: Caller = { tenant: uniqueName('tenant'), roles: ['SALES_REP'], sub: 'rep-1' };
  let companyId: string;

  const input = (company: string, title = 'Plano coletivo') => ({
    companyId: company,
    title,
    estimatedValue: '120000.00',
    estimatedLives: 40,
  });
  /**
   * Deals and deal events of the tenant: what a refused write must leave untouched. (The
   * pipeline projection writes its own pipeline events to the same outbox, on its own time.)
   */
  const written = async () => ({
    deals: (await h.sql.query('select count(*)::int as n from deals.deal where tenant_id = $1', [tenant])).rows[0].n,
    events: (await h.outbox()).filter((event) => event.tenantId === tenant && event.aggregateType === 'deal').length,
  });
  const create = async (variables: Record<string, unknown>, headers: Record<string, string> = {}) => {
    const response = await h.call(rep, createDeal, variables, headers);
    return response;
  };

  before(async () => {
    h = await startDealsHarness('deals_write');
    companyId = await h.company(tenant, 'Acme Saúde Ltda');
  });

  after(async () => {
    await h?.stop();
  });

  it("answers createDeal with another tenant's company and with a random id alike: COMPANY_NOT_FOUND, nothing written", async () => {
    const foreignCompany = await h.company(otherRep.tenant, 'Outra Empresa S.A.');
    const before = await written();
    const answers = [];
    for (const company of [foreignCompany, randomUUID()]) {
      const response = await create({ input: input(company) });
      assert.equal(response.errors, undefined);
      answers.push(response.data!['createDeal']);
    }
    assert.deepEqual(answers[0], {
      deal: null,
      problem: { reason: 'COMPANY_NOT_FOUND', message: 'The company (companyId) was not found' },
      eventId: null,
    });
    assert.deepEqual(answers[1], answers[0]);
    assert.deepEqual(await written(), before);
  });

  it('refuses a deal for an erased company, writing nothing', async () => {
    const erased = await h.company(tenant, 'Apagada Ltda');
    await h.publish(
      createEvent({
        eventType: 'company.erased',
        tenantId: tenant,
        aggregateType: 'company',
        aggregateId: erased,
        aggregateVersion: 2,
        source: 'accounts',
        actor: 'test',
        data: { companyId: erased },
      }),
    );
    await h.caughtUp();
    const before = await written();
    const response = await create({ input: input(erased) });
    assert.equal(response.data!['createDeal'].problem.reason, 'COMPANY_ERASED');
    assert.deepEqual(await written(), before);
  });

  it('says NOT_YET_VISIBLE with the awaited event until AccountSummary applied it, then creates the deal', async () => {
    const company = randomUUID();
    const created = companyCreated({
      tenant,
      actor: 'test',
      company: { id: company, legalName: 'Recém Criada Ltda', employeeCount: 10, ownerId: 'rep-1' },
    });
    const headers = { 'salesgraph-after-event': created.eventId };
    const early = (await create({ input: input(company) }, headers)).data!['createDeal'];
    assert.deepEqual(
      { reason: early.problem.reason, eventId: early.eventId },
      { reason: 'NOT_YET_VISIBLE', eventId: created.eventId },
    );
    await h.publish(created);
    const deal = await waitFor(
      async () => {
        const answer = (await create({ input: input(company, 'Depois do evento') }, headers)).data!['createDeal'];
        return answer.problem?.reason === 'NOT_YET_VISIBLE' ? undefined : answer;
      },
      { description: 'AccountSummary to apply company.created' },
    );
    assert.equal(deal.problem, null);
    assert.equal(deal.deal.companyId.id, company);
  });

  it('replays createDeal sent twice with one Idempotency-Key: one deal, one event, the same body', async () => {
    const headers = { 'idempotency-key': randomUUID() };
    const before = await written();
    const first = await create({ input: input(companyId, 'Uma vez só') }, headers);
    const second = await create({ input: input(companyId, 'Uma vez só') }, headers);
    assert.equal(first.data!['createDeal'].problem, null);
    assert.deepEqual(second, first);
    assert.deepEqual(await written(), { deals: before.deals + 1, events: before.events + 1 });
  });

  it('refuses the same Idempotency-Key with a different body, and lets another caller use it', async () => {
    const headers = { 'idempotency-key': randomUUID() };
    await create({ input: input(companyId, 'Primeiro') }, headers);
    const before = await written();
    const reused = await create({ input: input(companyId, 'Outro corpo') }, headers);
    assert.equal(reused.errors?.[0]?.extensions?.['code'], 'IDEMPOTENCY_KEY_REUSED');
    assert.deepEqual(await written(), before);
    const manager: Caller = { tenant, roles: ['SALES_MANAGER'], sub: 'manager-1' };
    const byManager = await h.call(manager, createDeal, { input: input(companyId, 'Outro corpo') }, headers);
    assert.equal(byManager.data!['createDeal'].problem, null);
  });

  it('replays moveDealStage under its key without moving the deal twice', async () => {
    const deal = await dealOps(h).create(rep, companyId);
    const headers = { 'idempotency-key': randomUUID() };
    const move = `mutation($input: MoveDealStageInput!) { moveDealStage(input: $input) { deal { id version stage } problem { reason } eventId } }`;
    const variables = { input: { id: deal.id, version: deal.version, stage: 'QUALIFICATION' } };
    const first = await h.call(rep, move, variables, headers);
    const replay = await h.call(rep, move, variables, headers);
    assert.equal(first.data!['moveDealStage'].deal.version, 2);
    assert.deepEqual(replay, first);
    assert.equal((await h.outbox(deal.id)).length, 2);
  });
});
