import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Client } from 'graphql-ws';
import { uniqueName, waitFor, type GraphQLResponse } from '@salesgraph/testkit';
import { cnpjFor } from './fixtures/cnpj.js';
import { connectAs, gatewayCounter, subscribe, subscribing, warmUpSubscriptions } from './fixtures/subscriptions.js';
import { draftContract, submitContract, type SeedContext } from '@salesgraph/seed';
import { dealReadyForContracts, salesContext } from './fixtures/sales-flow.js';
import { startStack, type Stack } from './stack.js';

const createCompany = `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { company { id } problem { reason } } }`;
const createDeal = `mutation($input: CreateDealInput!) { createDeal(input: $input) { deal { id version } problem { reason } eventId } }`;
const moveDealStage = `mutation($input: MoveDealStageInput!) { moveDealStage(input: $input) { deal { stage version } problem { reason } eventId } }`;
const dealChanged = `subscription($after: String) {
  dealChanged(after: $after) { cursor eventId eventType deal { id title stage ownerId company { legalName } } }
}`;
const pipelineChanged =
  'subscription { pipelineChanged { eventType pipeline { totals { count } stages { stage count } } } }';
const pipelineStatus = `query($eventId: ID!) { eventStatus(eventId: $eventId) { dealsPipelineSummary { applied } } }`;

/**
 * Subscriptions end to end: the gateway process consumes the deals topics itself and loads
 * each message's entity through the real deals and accounts subgraphs as the subscriber.
 * "The first message X gets is its own later event" proves X got nothing before: the earlier
 * event was dispatched (another subscriber received it) before the later one was written.
 */
describe('subscriptions through the gateway (gateway, accounts, deals processes, Kafka, PostgreSQL)', () => {
  let stack: Stack;
  const clients: Client[] = [];
  const tenantA = uniqueName('tenant_a');
  const tenantB = uniqueName('tenant_b');
  let cnpj = 0;
  const connect = async (claims: { tenant: string; roles: ('SALES_MANAGER' | 'SALES_REP')[]; sub?: string }) => {
    const client = connectAs(stack.gatewayUrl, await stack.token(claims));
    clients.push(client);
    return client;
  };
  const ok = (response: GraphQLResponse): Record<string, any> => {
    assert.equal(response.errors, undefined, JSON.stringify(response.errors));
    return response.data!;
  };
  const newCompany = async (token: string, legalName: string): Promise<string> =>
    ok(
      await stack.query(token, createCompany, {
        input: { legalName, cnpj: cnpjFor(++cnpj + (Date.now() % 1_000_000)), employeeCount: 150 },
      }),
    )['createCompany'].company.id;
  const newDeal = async (
    token: string,
    companyId: string,
    title: string,
    ownerId?: string,
  ): Promise<{ id: string; version: number; eventId: string }> => {
    const created = ok(
      await stack.query(token, createDeal, {
        input: { companyId, title, estimatedValue: '120000.00', estimatedLives: 40, ...(ownerId ? { ownerId } : {}) },
      }),
    )['createDeal'];
    return { ...created.deal, eventId: created.eventId };
  };
  /** Read-your-writes: PipelineSummary is a projection of the deal events, so wait until it has applied this one. */
  const pipelineIncludes = (token: string, eventId: string) =>
    waitFor(
      async () => ok(await stack.query(token, pipelineStatus, { eventId }))['eventStatus'].dealsPipelineSummary.applied,
      { description: 'deals.pipeline-summary to apply the deal' },
    );
  const move = async (token: string, deal: { id: string; version: number }, stage: string) => {
    const moved = ok(await stack.query(token, moveDealStage, { input: { id: deal.id, version: deal.version, stage } }))[
      'moveDealStage'
    ];
    assert.equal(moved.problem, null);
    return { id: deal.id, version: moved.deal.version as number, eventId: moved.eventId as string };
  };

  before(async () => {
    stack = await startStack({ subgraphs: ['accounts', 'deals'], env: { SUBSCRIPTIONS_MAX_PER_CONNECTION: '300' } });
    await warmUpSubscriptions(stack);
  });

  after(async () => {
    await Promise.all(clients.map(async (client) => client.dispose()));
    await stack?.stop();
  });

  it("delivers a deal moving in tenant A to A's subscribers with fields of two subgraphs, and nothing to tenant B or to another SALES_REP", async () => {
    const managerA = await stack.token({ tenant: tenantA, roles: ['SALES_MANAGER'] });
    const managerB = await stack.token({ tenant: tenantB, roles: ['SALES_MANAGER'] });
    const companyA = await newCompany(managerA, 'Hospital Bom Jesus S.A.');
    const companyB = await newCompany(managerB, 'Clínica Vida Plena Ltda');
    const deal = await newDeal(managerA, companyA, 'Plano empresarial 2027', 'rep-1');
    await pipelineIncludes(managerA, deal.eventId);

    const [aDeals, aBoard, bDeals, bBoard, rep1, rep2] = await subscribing(stack.gatewayUrl, 6, async () => {
      const a = await connect({ tenant: tenantA, roles: ['SALES_MANAGER'] });
      const b = await connect({ tenant: tenantB, roles: ['SALES_MANAGER'] });
      return [
        subscribe(a, dealChanged),
        subscribe(a, pipelineChanged),
        subscribe(b, dealChanged),
        subscribe(b, pipelineChanged),
        subscribe(await connect({ tenant: tenantA, roles: ['SALES_REP'], sub: 'rep-1' }), dealChanged),
        subscribe(await connect({ tenant: tenantA, roles: ['SALES_REP'], sub: 'rep-2' }), dealChanged),
      ];
    });
    const [aSnapshot] = await aBoard.until(1, "A's current board");
    const [bSnapshot] = await bBoard.until(1, "B's current board");
    assert.equal(aSnapshot!.data!['pipelineChanged'].eventType, 'snapshot');
    assert.equal(aSnapshot!.data!['pipelineChanged'].pipeline.totals.count, 1);
    assert.equal(bSnapshot!.data!['pipelineChanged'].pipeline.totals.count, 0);

    await move(managerA, deal, 'QUALIFICATION');
    // deal.created may arrive first (the outbox relay publishes after the commit); the move follows it.
    const stageChange = (message: { data?: Record<string, any> | null }) =>
      message.data!['dealChanged'].eventType === 'deal.stage_changed';
    const moved = await waitFor(() => aDeals.messages.find(stageChange), {
      description: "A's dealChanged message for the move",
    });
    assert.deepEqual(moved.data!['dealChanged'].deal, {
      id: deal.id,
      title: 'Plano empresarial 2027',
      stage: 'QUALIFICATION',
      ownerId: 'rep-1',
      company: { legalName: 'Hospital Bom Jesus S.A.' },
    });
    const ownMove = await waitFor(() => rep1.messages.find(stageChange), {
      description: "the owner's message for the move",
    });
    assert.equal(ownMove.data!['dealChanged'].deal.id, deal.id);
    const boardChange = await waitFor(
      () =>
        aBoard.messages.find(
          (message) =>
            message.data!['pipelineChanged'].eventType === 'pipeline.summary_changed' &&
            message.data!['pipelineChanged'].pipeline.stages.some(
              (stage: { stage: string; count: number }) => stage.stage === 'QUALIFICATION' && stage.count === 1,
            ),
        ),
      { description: "A's board to show the move" },
    );
    assert.equal(boardChange.data!['pipelineChanged'].pipeline.totals.count, 1);

    // Barriers: later events of B and of rep-2 are the first messages these subscribers get.
    const dealOfB = await newDeal(managerB, companyB, 'Plano de B');
    const [firstOfB] = await bDeals.until(1, "B's own deal");
    assert.equal(firstOfB!.data!['dealChanged'].deal.id, dealOfB.id);
    const dealOfRep2 = await newDeal(managerA, companyA, 'Plano do rep-2', 'rep-2');
    const [firstOfRep2] = await rep2.until(1, "rep-2's own deal");
    assert.equal(firstOfRep2!.data!['dealChanged'].deal.id, dealOfRep2.id);
    await waitFor(() => bBoard.messages.length >= 2, { description: "B's board to change with B's deal" });
    assert.ok(
      bBoard.messages.slice(1).every((message) => message.data!['pipelineChanged'].pipeline.totals.count === 1),
      "B's board never counted A's deals",
    );
  });

  it('replays the event a client missed when it reconnects with the cursor of the last message it saw', async () => {
    const manager = await stack.token({ tenant: tenantA, roles: ['SALES_MANAGER'] });
    const companyId = await newCompany(manager, 'Transportes Rápidos Ltda');
    let deal = await newDeal(manager, companyId, 'Plano frota');
    const [watcher, first] = await subscribing(stack.gatewayUrl, 2, async () => {
      const client = await connect({ tenant: tenantA, roles: ['SALES_MANAGER'] });
      return [subscribe(client, dealChanged), subscribe(client, dealChanged)];
    });
    deal = await move(manager, deal, 'QUALIFICATION');
    const seen = await waitFor(
      () => first.messages.find((message) => message.data!['dealChanged'].eventType === 'deal.stage_changed'),
      { description: 'the first move' },
    );
    first.stop();

    const missed = await move(manager, deal, 'DISCOVERY');
    await waitFor(() => watcher.messages.some((message) => message.data!['dealChanged'].deal.stage === 'DISCOVERY'), {
      description: 'the gateway to see the missed move',
    });
    const resumed = await subscribing(stack.gatewayUrl, 1, async () =>
      subscribe(await connect({ tenant: tenantA, roles: ['SALES_MANAGER'] }), dealChanged, {
        after: seen.data!['dealChanged'].cursor,
      }),
    );
    const back = await move(manager, missed, 'QUALIFICATION');
    const [replayed, live] = await resumed.until(2, 'the replayed event, then the live one');
    assert.equal(replayed!.data!['dealChanged'].eventType, 'deal.stage_changed');
    assert.equal(replayed!.data!['dealChanged'].eventId, missed.eventId, 'the missed move, not the one seen before');
    assert.equal(live!.data!['dealChanged'].eventId, back.eventId);
    assert.equal(live!.data!['dealChanged'].deal.stage, 'QUALIFICATION');
  });

  it('loads each event once for 1,000 subscribers of the same selection (subgraph requests counted by the gateway)', async () => {
    const tenant = uniqueName('fanout');
    const manager = await stack.token({ tenant, roles: ['SALES_MANAGER'] });
    const companyId = await newCompany(manager, 'Indústria Mil Ltda');
    const subscribers = await subscribing(stack.gatewayUrl, 1_000, async () => {
      const all: ReturnType<typeof subscribe>[] = [];
      for (let connection = 0; connection < 4; connection++) {
        const client = await connect({ tenant, roles: ['SALES_MANAGER'], sub: `manager-${connection}` });
        for (let i = 0; i < 250; i++)
          all.push(subscribe(client, 'subscription { dealChanged { deal { title company { legalName } } } }'));
      }
      return all;
    });
    const requests = (subgraph: string) =>
      gatewayCounter(stack.gatewayUrl, 'salesgraph_gateway_subgraph_requests_total', `subgraph="${subgraph}"`);
    const [dealsBefore, accountsBefore] = [await requests('deals'), await requests('accounts')];
    await newDeal(manager, companyId, 'Plano mil');
    await waitFor(() => subscribers.every((subscriber) => subscriber.messages.length === 1), {
      timeoutMs: 60_000,
      description: 'all 1,000 subscribers to get the deal',
    });
    assert.deepEqual(subscribers[999]!.messages[0]!.data, {
      dealChanged: { deal: { title: 'Plano mil', company: { legalName: 'Indústria Mil Ltda' } } },
    });
    assert.equal((await requests('deals')) - dealsBefore, 2, 'createDeal itself, then one entity load');
    assert.equal((await requests('accounts')) - accountsBefore, 1, 'one company load for all 1,000');
    for (const subscriber of subscribers) subscriber.stop();
  });
});

describe('contract and task subscriptions through the gateway (accounts, deals, contracts, workflows processes)', () => {
  let stack: Stack;
  let context: SeedContext;
  const clients: Client[] = [];
  const tenant = uniqueName('contracts');
  const repSub = 'rep-contracts';
  const connect = async (claims: { roles: ('SALES_MANAGER' | 'SALES_REP')[]; sub?: string }) => {
    const client = connectAs(stack.gatewayUrl, await stack.token({ tenant, ...claims }));
    clients.push(client);
    return client;
  };

  before(async () => {
    stack = await startStack({ subgraphs: ['accounts', 'deals', 'contracts', 'workflows'] });
    context = salesContext(stack, tenant);
    await warmUpSubscriptions(stack);
  });

  after(async () => {
    await Promise.all(clients.map(async (client) => client.dispose()));
    await stack?.stop();
  });

  it('sends contractStatusChanged for each status of a contract, and taskAssigned when workflows opens its approval task, with fields of two subgraphs', async () => {
    const { deal } = await dealReadyForContracts(context, repSub, 'NEGOTIATION', tenant);
    const [statuses, managerTasks] = await subscribing(stack.gatewayUrl, 2, async () => [
      subscribe(
        await connect({ roles: ['SALES_MANAGER'] }),
        'subscription { contractStatusChanged(filter: { dealId: "' +
          deal.id +
          '" }) { eventType contract { id status } } }',
      ),
      subscribe(
        await connect({ roles: ['SALES_MANAGER'], sub: 'manager-1' }),
        'subscription { taskAssigned(role: SALES_MANAGER) { eventType task { type assigneeRole contract { id status approvalLevel } } } }',
      ),
    ]);
    const rep = await context.actors.rep(repSub);
    const draft = await draftContract(context, rep, {
      dealId: deal.id,
      terms: { planType: 'HOSPITALAR', monthlyPremiumPerLife: '400.00', contractedLives: 50, discountPercent: '5' },
      startDate: '2027-02-01',
      endDate: '2028-01-31',
    });
    const submitted = await submitContract(context, rep, draft);
    assert.equal(submitted.approvalLevel, 'SALES_MANAGER');

    const seen = await waitFor(
      () => {
        const types = statuses.messages.map((message) => message.data!['contractStatusChanged'].eventType as string);
        return types.includes('contract.approval_requested') ? statuses.messages : undefined;
      },
      { timeoutMs: 30_000, description: "the contract's status changes" },
    );
    assert.deepEqual(
      seen.map((message) => message.data!['contractStatusChanged'].eventType),
      ['contract.drafted', 'contract.submitted', 'contract.approval_requested'],
    );
    assert.ok(seen.every((message) => message.data!['contractStatusChanged'].contract.id === draft.id));

    const [assigned] = await managerTasks.until(1, 'the APPROVAL task');
    assert.deepEqual(assigned!.data, {
      taskAssigned: {
        eventType: 'task.created',
        task: {
          type: 'APPROVAL',
          assigneeRole: 'SALES_MANAGER',
          contract: { id: draft.id, status: 'PENDING_APPROVAL', approvalLevel: 'SALES_MANAGER' },
        },
      },
    });
  });
});
