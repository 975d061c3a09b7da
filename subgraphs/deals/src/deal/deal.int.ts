import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { uniqueName } from '@salesgraph/testkit';
import { startDealsHarness, type Caller, type DealsHarness } from '../testing/deals-harness.js';
import { dealOps, failureOf, type DealRef } from '../testing/deal-operations.js';

describe('deals: Deal rules on real PostgreSQL and Kafka', () => {
  let h: DealsHarness;
  const tenant = uniqueName('tenant');
  const manager: Caller = { tenant, roles: ['SALES_MANAGER'], sub: 'manager-1' };
  const rep1: Caller = { tenant, roles: ['SALES_REP'], sub: 'rep-1' };
  const rep2: Caller = { tenant, roles: ['SALES_REP'], sub: 'rep-2' };
  const otherTenant: Caller = { tenant: uniqueName('tenant'), roles: ['SALES_MANAGER'], sub: 'manager-b' };
  let companyId: string;
  let ops: ReturnType<typeof dealOps>;

  before(async () => {
    h = await startDealsHarness('deals_rules');
    ops = dealOps(h);
    companyId = await h.company(tenant, 'Acme Saúde Ltda');
  });

  after(async () => {
    await h?.stop();
  });

  const outboxTypes = async (deal: DealRef) =>
    (await h.outbox(deal.id)).map((event) => `${event.eventType}@${event.aggregateVersion}`);

  it('moves a deal forward several stages at once and back exactly one stage', async () => {
    const deal = await ops.create(rep1, companyId);
    const forward = await ops.move(rep1, deal, 'DISCOVERY');
    assert.equal(forward.problem, null);
    assert.deepEqual(
      { stage: forward.deal.stage, probability: forward.deal.probability, version: forward.deal.version },
      { stage: 'DISCOVERY', probability: 20, version: 2 },
    );
    const back = await ops.move(rep1, forward.deal, 'QUALIFICATION');
    assert.equal(back.problem, null);
    assert.equal(back.deal.stage, 'QUALIFICATION');
    assert.deepEqual(
      back.deal.stageHistory.map((change: { from: string | null; to: string; by: string }) => [
        change.from,
        change.to,
        change.by,
      ]),
      [
        [null, 'LEAD', 'rep-1'],
        ['LEAD', 'DISCOVERY', 'rep-1'],
        ['DISCOVERY', 'QUALIFICATION', 'rep-1'],
      ],
    );
  });

  it('refuses to move a deal back two stages and writes nothing', async () => {
    const deal = await ops.create(rep1, companyId);
    const atDiscovery = (await ops.move(rep1, deal, 'DISCOVERY')).deal;
    const before = await h.outbox(deal.id);
    const refused = await ops.move(rep1, atDiscovery, 'LEAD');
    assert.equal(refused.problem.reason, 'INVALID_TRANSITION');
    assert.equal(refused.deal, null);
    assert.deepEqual(await h.outbox(deal.id), before);
    assert.deepEqual(await ops.read(rep1, deal.id, 'stage version'), { stage: 'DISCOVERY', version: 2 });
    assert.equal((await ops.move(rep1, atDiscovery, 'DISCOVERY')).problem.reason, 'INVALID_TRANSITION');
  });

  it('lets a deal into PROPOSAL only with a meddicScore of at least 50 (sum 14 -> 47 refused, sum 15 -> 50 accepted)', async () => {
    const deal = await ops.create(rep1, companyId);
    const scored = await ops.score(rep1, deal, [3, 3, 2, 2, 2, 2]);
    assert.equal(scored.deal.meddicScore, 47);
    const refused = await ops.move(rep1, scored.deal, 'PROPOSAL');
    assert.equal(refused.problem.reason, 'MEDDIC_SCORE_TOO_LOW');
    assert.equal(
      (await ops.move(rep1, scored.deal, 'NEGOTIATION')).problem.reason,
      'MEDDIC_SCORE_TOO_LOW',
      'skipping past PROPOSAL is gated too',
    );
    const rescored = await ops.score(rep1, scored.deal, [3, 3, 3, 2, 2, 2]);
    assert.equal(rescored.deal.meddicScore, 50);
    assert.deepEqual(rescored.deal.meddic, {
      metrics: 3,
      economicBuyer: 3,
      decisionCriteria: 3,
      decisionProcess: 2,
      identifyPain: 2,
      champion: 2,
    });
    const accepted = await ops.move(rep1, rescored.deal, 'PROPOSAL');
    assert.equal(accepted.problem, null);
    assert.deepEqual(
      { stage: accepted.deal.stage, probability: accepted.deal.probability },
      { stage: 'PROPOSAL', probability: 40 },
    );
  });

  it('closes a deal as won only when the company has an ECONOMIC_BUYER and a CHAMPION contact', async () => {
    const company = await h.company(tenant, 'Beta Bebidas SA');
    let deal = (await ops.score(rep1, await ops.create(rep1, company), [5, 5, 5, 5, 5, 5])).deal;
    deal = (await ops.move(rep1, deal, 'NEGOTIATION')).deal;
    assert.equal((await ops.move(rep1, deal, 'CLOSED_WON')).problem.reason, 'MISSING_ECONOMIC_BUYER');
    await h.contact(tenant, company, 'ECONOMIC_BUYER');
    await h.contact(tenant, company, 'INFLUENCER');
    await h.caughtUp();
    assert.equal((await ops.move(rep1, deal, 'CLOSED_WON')).problem.reason, 'MISSING_CHAMPION');
    await h.contact(tenant, company, 'CHAMPION');
    await h.caughtUp();
    const won = await ops.move(rep1, deal, 'CLOSED_WON');
    assert.equal(won.problem, null);
    assert.deepEqual(
      { stage: won.deal.stage, probability: won.deal.probability },
      { stage: 'CLOSED_WON', probability: 100 },
    );
    assert.deepEqual((await outboxTypes(deal)).slice(-2), ['deal.stage_changed@4', 'deal.won@5']);
  });

  it('closes a deal as lost only with a lostReason', async () => {
    const deal = await ops.create(rep1, companyId);
    const refused = await ops.move(rep1, deal, 'CLOSED_LOST');
    assert.equal(refused.problem.reason, 'LOST_REASON_REQUIRED');
    const lost = await ops.move(rep1, deal, 'CLOSED_LOST', 'Preço acima do orçamento');
    assert.equal(lost.problem, null);
    assert.deepEqual(
      { stage: lost.deal.stage, probability: lost.deal.probability, lostReason: lost.deal.lostReason },
      { stage: 'CLOSED_LOST', probability: 0, lostReason: 'Preço acima do orçamento' },
    );
    const last = (await h.outbox(deal.id)).at(-1)!;
    assert.deepEqual(
      [last.eventType, (last.data as { lostReason: string }).lostReason],
      ['deal.lost', 'Preço acima do orçamento'],
    );
  });

  it('keeps a closed deal terminal for a SALES_REP and lets a SALES_MANAGER reopen it (deal.reopened)', async () => {
    const deal = (await ops.move(rep1, await ops.create(rep1, companyId), 'CLOSED_LOST', 'Sem orçamento')).deal;
    const repTry = await ops.move(rep1, deal, 'NEGOTIATION');
    assert.equal(repTry.problem.reason, 'TERMINAL_STAGE');
    assert.equal(
      (await ops.update(rep1, deal, { title: 'Editado' })).problem.reason,
      'TERMINAL_STAGE',
      'a closed deal is not edited either',
    );
    assert.equal(
      (await ops.move(manager, deal, 'CLOSED_WON')).problem.reason,
      'INVALID_TRANSITION',
      'a reopen goes to an open stage',
    );
    const reopened = await ops.move(manager, deal, 'QUALIFICATION');
    assert.equal(reopened.problem, null);
    assert.deepEqual(
      { stage: reopened.deal.stage, lostReason: reopened.deal.lostReason, probability: reopened.deal.probability },
      { stage: 'QUALIFICATION', lostReason: null, probability: 10 },
    );
    assert.deepEqual((await outboxTypes(deal)).slice(-2), ['deal.stage_changed@4', 'deal.reopened@5']);
    const event = (await h.outbox(deal.id)).at(-1)!;
    assert.deepEqual(
      { from: (event.data as { from: string }).from, actor: event.actor },
      { from: 'CLOSED_LOST', actor: 'manager-1' },
    );
  });

  it('lets a SALES_REP see and change only own deals, and a manager see all of them', async () => {
    const mine = await ops.create(rep1, companyId);
    const theirs = await ops.create(rep2, companyId);
    assert.equal((await h.call(rep2, `query($id: ID!) { deal(id: $id) { id } }`, { id: mine.id })).data!['deal'], null);
    const listed = await h.call(rep2, `{ deals(first: 100) { edges { node { id ownerId } } } }`);
    const owners = new Set(listed.data!['deals'].edges.map((edge: { node: { ownerId: string } }) => edge.node.ownerId));
    assert.deepEqual([...owners], ['rep-2']);
    for (const attempt of [
      () => ops.update(rep2, mine, { title: 'Roubado' }),
      () => ops.move(rep2, mine, 'DISCOVERY'),
      () => ops.score(rep2, mine, [1, 1, 1, 1, 1, 1]),
    ]) {
      assert.equal((await failureOf(attempt))?.extensions?.['code'], 'FORBIDDEN');
    }
    assert.deepEqual(await ops.read(manager, mine.id, 'title version'), { title: 'Negócio', version: 1 });
    assert.equal(
      (await ops.update(manager, theirs, { title: 'Revisado pelo gestor' })).deal.title,
      'Revisado pelo gestor',
    );
    const created = await h.call(
      rep1,
      `mutation($input: CreateDealInput!) { createDeal(input: $input) { deal { id } } }`,
      { input: { companyId, title: 'x', estimatedValue: '1.00', estimatedLives: 1, ownerId: 'rep-2' } },
    );
    assert.equal(
      created.errors?.[0]?.extensions?.['code'],
      'FORBIDDEN',
      'a SALES_REP does not create deals for someone else',
    );
    const operations = await h.call(
      { tenant, roles: ['OPERATIONS'], sub: 'ops-1' },
      `mutation($input: CreateDealInput!) { createDeal(input: $input) { deal { id } } }`,
      { input: { companyId, title: 'x', estimatedValue: '1.00', estimatedLives: 1 } },
    );
    assert.equal(operations.errors?.[0]?.extensions?.['code'], 'FORBIDDEN', 'deals are written by the sales roles');
  });

  it('answers a stale version with STALE_VERSION and writes nothing', async () => {
    const deal = await ops.create(rep1, companyId);
    const updated = (await ops.update(rep1, deal, { title: 'Versão 2' })).deal;
    const before = await h.outbox(deal.id);
    for (const stale of [
      () => ops.update(rep1, deal, { title: 'Velho' }),
      () => ops.move(rep1, deal, 'DISCOVERY'),
      () => ops.score(rep1, deal, [1, 1, 1, 1, 1, 1]),
    ]) {
      assert.equal((await stale()).problem.reason, 'STALE_VERSION');
    }
    assert.deepEqual(await h.outbox(deal.id), before);
    assert.deepEqual(await ops.read(rep1, deal.id, 'title version stage'), {
      title: 'Versão 2',
      version: updated.version,
      stage: 'LEAD',
    });
  });

  it('refuses reads and writes from another tenant', async () => {
    const deal = await ops.create(manager, companyId);
    assert.equal(
      (await h.call(otherTenant, `query($id: ID!) { deal(id: $id) { id } }`, { id: deal.id })).data!['deal'],
      null,
    );
    assert.deepEqual((await h.call(otherTenant, `{ deals { edges { node { id } } } }`)).data!['deals'].edges, []);
    for (const attempt of [
      () => ops.update(otherTenant, deal, { title: 'Invasão' }),
      () => ops.move(otherTenant, deal, 'DISCOVERY'),
      () => ops.score(otherTenant, deal, [5, 5, 5, 5, 5, 5]),
    ]) {
      assert.equal((await failureOf(attempt))?.extensions?.['code'], 'NOT_FOUND');
    }
    assert.deepEqual(await ops.read(manager, deal.id, 'title version'), { title: 'Negócio', version: 1 });
  });

  it('names the field of invalid input and writes nothing', async () => {
    const deal = await ops.create(rep1, companyId);
    const cases: [() => Promise<unknown>, string][] = [
      [() => ops.score(rep1, deal, [6, 0, 0, 0, 0, 0]), 'metrics'],
      [() => ops.update(rep1, deal, { probability: 101 }), 'probability'],
      [() => ops.update(rep1, deal, { estimatedLives: 0 }), 'estimatedLives'],
      [() => ops.update(rep1, deal, { title: '  ' }), 'title'],
      [() => ops.move(rep1, deal, 'DISCOVERY', 'not for this move'), 'lostReason'],
    ];
    for (const [attempt, field] of cases) {
      const error = await failureOf(attempt);
      assert.deepEqual(
        { code: error?.extensions?.['code'], field: error?.extensions?.['field'] },
        { code: 'BAD_USER_INPUT', field },
      );
    }
    assert.equal((await h.outbox(deal.id)).length, 1);
  });

  it("writes each change's events to the outbox with increasing aggregate versions; the pipeline projection announces only changes that move the totals", async () => {
    const pipelineEvents = async () => {
      await h.pipelineCaughtUp();
      return (await h.outbox()).filter((event) => event.eventType === 'pipeline.summary_changed');
    };
    const pipelineBefore = (await pipelineEvents()).length;
    const deal = await ops.create(rep1, companyId);
    assert.equal((await pipelineEvents()).length, pipelineBefore + 1, 'a new deal moves the LEAD count');
    let current = (await ops.update(rep1, deal, { title: 'Novo título', expectedCloseDate: '2027-03-31' })).deal;
    assert.equal((await pipelineEvents()).length, pipelineBefore + 1, 'title and dates do not move the totals');
    const unchanged = await ops.update(rep1, current, { title: 'Novo título' });
    assert.deepEqual(
      { version: unchanged.deal.version, eventId: unchanged.eventId },
      { version: current.version, eventId: null },
    );
    current = (await ops.update(rep1, current, { estimatedValue: '2500.50', probability: 15 })).deal;
    current = (await ops.score(rep1, current, [5, 5, 5, 0, 0, 0])).deal;
    const moved = await ops.move(rep1, current, 'PROPOSAL');
    assert.equal((await pipelineEvents()).length, pipelineBefore + 3);
    const events = await h.outbox(deal.id);
    assert.deepEqual(
      events.map((event) => `${event.eventType}@${event.aggregateVersion}`),
      ['deal.created@1', 'deal.updated@2', 'deal.updated@3', 'deal.updated@4', 'deal.stage_changed@5'],
    );
    assert.deepEqual(
      events.map((event) => (event.data as { changed?: string[] }).changed ?? null),
      [
        null,
        ['title', 'expectedCloseDate'],
        ['estimatedValue', 'probability'],
        ['meddic.metrics', 'meddic.economicBuyer', 'meddic.decisionCriteria'],
        null,
      ],
    );
    assert.equal(moved.eventId, events.at(-1)!.eventId, 'the result names the event it produced');
    assert.deepEqual(
      events.map((event) => [event.tenantId, event.aggregateType, event.source, event.actor]),
      Array(5).fill([tenant, 'deal', 'deals', 'rep-1']),
    );
    const versions = (await pipelineEvents()).map((event) => event.aggregateVersion);
    assert.deepEqual(
      versions,
      versions.map((_, index) => index + 1),
      'pipeline versions count 1, 2, 3 ... per tenant',
    );
  });
});
