import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Client } from 'graphql-ws';
import { uniqueName, waitFor } from '@salesgraph/testkit';
import { encodeCursor } from './cursor.js';
import { collect, wsClient } from './testing/clients.js';
import { startSubscriptionHarness, type SubscriptionHarness } from './testing/subscription-harness.js';
import type { StubDeal } from './testing/deals-stub.js';

const dealChanged =
  'subscription($after: String) { dealChanged(after: $after) { cursor eventId eventType deal { id title ownerId } } }';

/**
 * What subscribers receive. The harness's topics have one partition, so the engine sees events
 * in publishing order and each subscriber's messages follow it: "the first message is the later
 * event" proves the earlier one was not delivered to that subscriber.
 */
describe('subscription delivery (real Kafka, the gateway in process, a deals stub subgraph)', () => {
  let harness: SubscriptionHarness;
  const clients: Client[] = [];
  const connect = async (claims: {
    tenant: string;
    roles: ('SALES_MANAGER' | 'SALES_REP' | 'CEO_BOARD')[];
    sub?: string;
  }) => {
    const client = wsClient(harness.wsUrl, await harness.token(claims));
    clients.push(client);
    return client;
  };
  const deal = (tenant: string, fields: Partial<StubDeal> = {}): StubDeal => ({
    id: randomUUID(),
    tenant,
    ownerId: 'rep-1',
    title: 'Plano coletivo',
    stage: 'LEAD',
    ...fields,
  });
  const consumed = () => harness.metric('salesgraph_gateway_subscription_events_total');
  /** A manager of `tenant` who saw one deal event, then stopped subscribing: the client, and the cursor to resume after. */
  const sawOneThenStopped = async (tenant: string) => {
    const client = await connect({ tenant, roles: ['SALES_MANAGER'] });
    const first = await harness.subscribing(1, () => collect(client, dealChanged));
    await harness.dealEvent('deal.created', deal(tenant, { title: 'seen' }));
    const [seen] = await first.until(1);
    first.stop();
    return { client, cursor: seen!.data!['dealChanged'].cursor as string };
  };
  /** Publishes these deals' events while nobody subscribes, and waits until the gateway has consumed them. */
  const missWhileAway = async (missed: readonly StubDeal[]) => {
    const before = await consumed();
    for (const missedDeal of missed) await harness.dealEvent('deal.created', missedDeal);
    await waitFor(async () => (await consumed()) >= before + missed.length, {
      description: 'the gateway to consume the missed events',
    });
  };

  before(async () => {
    harness = await startSubscriptionHarness({
      SUBSCRIPTIONS_RESUME_EVENTS: '3',
      SUBSCRIPTIONS_MAX_PER_CONNECTION: '300',
      SUPERGRAPH_POLL_MS: '100',
    });
    await harness.warmUp();
  });

  after(async () => {
    await Promise.all(clients.map(async (client) => client.dispose()));
    await harness?.stop();
  });

  it('delivers an event of its tenant to each subscriber, with the entity loaded as the subscriber, and nothing of another tenant', async () => {
    const [a, b] = [uniqueName('tenant_a'), uniqueName('tenant_b')];
    const inA = await harness.subscribing(1, async () =>
      collect(await connect({ tenant: a, roles: ['SALES_MANAGER'] }), dealChanged),
    );
    const inB = await harness.subscribing(1, async () =>
      collect(await connect({ tenant: b, roles: ['SALES_MANAGER'] }), dealChanged),
    );
    const moved = deal(a, { title: 'Deal of A' });
    const eventId = await harness.dealEvent('deal.created', moved);
    const [message] = await inA.until(1);
    assert.deepEqual(message!.data!['dealChanged'].deal, { id: moved.id, title: 'Deal of A', ownerId: 'rep-1' });
    assert.equal(message!.data!['dealChanged'].eventId, eventId);
    assert.equal(message!.data!['dealChanged'].eventType, 'deal.created');
    assert.match(message!.data!['dealChanged'].cursor, /^[A-Za-z0-9_-]+$/);

    const ofB = deal(b, { title: 'Deal of B' });
    await harness.dealEvent('deal.created', ofB);
    const [first] = await inB.until(1);
    assert.equal(first!.data!['dealChanged'].deal.id, ofB.id, "B's first message is B's own event");
    assert.equal(inA.messages.length, 1);
  });

  it("gives a SALES_REP only own deals (the subgraph returns null for others' deals, and then nothing is sent)", async () => {
    const tenant = uniqueName('reps');
    const rep = await harness.subscribing(1, async () =>
      collect(await connect({ tenant, roles: ['SALES_REP'], sub: 'rep-1' }), dealChanged),
    );
    const withoutEntity = await harness.subscribing(1, async () =>
      collect(
        await connect({ tenant, roles: ['SALES_REP'], sub: 'rep-1' }),
        'subscription { dealChanged { eventId eventType } }',
      ),
    );
    const manager = await harness.subscribing(1, async () =>
      collect(await connect({ tenant, roles: ['SALES_MANAGER'] }), dealChanged),
    );
    const others = deal(tenant, { ownerId: 'rep-2', title: 'Not yours' });
    await harness.dealEvent('deal.created', others);
    const own = deal(tenant, { ownerId: 'rep-1', title: 'Yours' });
    const ownEvent = await harness.dealEvent('deal.created', own);
    await manager.until(2);
    const [first] = await rep.until(1);
    assert.equal(first!.data!['dealChanged'].deal.title, 'Yours');
    const [bare] = await withoutEntity.until(1);
    assert.deepEqual(
      bare!.data,
      { dealChanged: { eventId: ownEvent, eventType: 'deal.created' } },
      'visibility is checked even when the entity is not selected',
    );
  });

  it("filters by the field's arguments (stages, owner) against the event", async () => {
    const tenant = uniqueName('filters');
    const client = await connect({ tenant, roles: ['SALES_MANAGER'] });
    const proposals = await harness.subscribing(1, () =>
      collect(
        client,
        'subscription { dealChanged(filter: { stages: ["PROPOSAL", "NEGOTIATION"] }) { deal { title stage } } }',
      ),
    );
    const ofRep2 = await harness.subscribing(1, () =>
      collect(client, 'subscription($owner: String) { dealChanged(filter: { ownerId: $owner }) { deal { title } } }', {
        owner: 'rep-2',
      }),
    );
    await harness.dealEvent('deal.created', deal(tenant, { title: 'Lead of rep-1' }));
    await harness.dealEvent(
      'deal.stage_changed',
      deal(tenant, { title: 'Proposal of rep-2', stage: 'PROPOSAL', ownerId: 'rep-2' }),
    );
    const [proposal] = await proposals.until(1);
    const [rep2] = await ofRep2.until(1);
    assert.deepEqual(proposal!.data, { dealChanged: { deal: { title: 'Proposal of rep-2', stage: 'PROPOSAL' } } });
    assert.deepEqual(rep2!.data, { dealChanged: { deal: { title: 'Proposal of rep-2' } } });
  });

  it("answers the client's own shape: aliases, fragments, inline fragments, @include and __typename", async () => {
    const tenant = uniqueName('shape');
    const client = await connect({ tenant, roles: ['SALES_MANAGER'] });
    const shaped = await harness.subscribing(1, () =>
      collect(
        client,
        `subscription Shape($withOwner: Boolean!) {
        changes: dealChanged { __typename kind: eventType ...Ids ... on DealChanged { named: deal { t: title owner: ownerId @include(if: $withOwner) } } }
      }
      fragment Ids on DealChanged { deal { id ...Stage } }
      fragment Stage on Deal { stage }`,
        { withOwner: false },
      ),
    );
    const created = deal(tenant, { title: 'Shaped' });
    await harness.dealEvent('deal.created', created);
    const [message] = await shaped.until(1);
    assert.deepEqual(message!.data, {
      changes: {
        __typename: 'DealChanged',
        kind: 'deal.created',
        deal: { id: created.id, stage: 'LEAD' },
        named: { t: 'Shaped' },
      },
    });
  });

  it('costs one entity fetch per event for 1,000 subscribers of the same selection (managers share an access scope)', async () => {
    const tenant = uniqueName('fanout');
    const subscribers: ReturnType<typeof collect>[] = [];
    await harness.subscribing(1_000, async () => {
      for (let manager = 0; manager < 4; manager++) {
        const client = await connect({ tenant, roles: ['SALES_MANAGER'], sub: `manager-${manager}` });
        for (let i = 0; i < 250; i++)
          subscribers.push(collect(client, 'subscription { dealChanged { eventType deal { id title } } }'));
      }
    });
    const fetchesBefore = await harness.metric('salesgraph_gateway_subscription_entity_fetches_total', 'dealChanged');
    const queriesBefore = harness.stub.queries.length;
    for (let event = 0; event < 3; event++)
      await harness.dealEvent('deal.created', deal(tenant, { title: `Fan-out ${event}` }));
    await waitFor(() => subscribers.every((subscriber) => subscriber.messages.length === 3), {
      timeoutMs: 30_000,
      description: 'every subscriber to get the 3 events',
    });
    assert.equal(
      (await harness.metric('salesgraph_gateway_subscription_entity_fetches_total', 'dealChanged')) - fetchesBefore,
      3,
    );
    assert.equal(harness.stub.queries.length - queriesBefore, 3, 'the subgraph was asked once per event');
    assert.deepEqual(
      subscribers[999]!.messages.map((message) => message.data!['dealChanged'].deal.title),
      ['Fan-out 0', 'Fan-out 1', 'Fan-out 2'],
    );
    for (const subscriber of subscribers) subscriber.stop();
  });

  it('delivers every event of a burst to each of many subscribers, once and in order, even when subgraph requests are cut on the way', async () => {
    const tenant = uniqueName('burst');
    const titles = 'subscription { dealChanged { eventId deal { title } } }';
    const withStage = 'subscription { dealChanged { eventId eventType deal { title stage } } }';
    const managers: ReturnType<typeof collect>[] = [];
    const staged: ReturnType<typeof collect>[] = [];
    const rep = await harness.subscribing(301, async () => {
      for (let connection = 0; connection < 3; connection++) {
        const client = await connect({ tenant, roles: ['SALES_MANAGER'], sub: `manager-${connection}` });
        for (let i = 0; i < 50; i++) managers.push(collect(client, titles));
        for (let i = 0; i < 50; i++) staged.push(collect(client, withStage));
      }
      return collect(await connect({ tenant, roles: ['SALES_REP'], sub: 'rep-1' }), titles);
    });
    const burst = Array.from({ length: 30 }, (_, i) =>
      deal(tenant, { title: `Burst ${i}`, ownerId: i % 5 === 0 ? 'rep-1' : 'rep-2' }),
    );
    // The loads of the first events meet connections the subgraph resets (a restart, an idle keep-alive connection closed).
    harness.stub.failNextRequests(3);
    const eventIds = await harness.dealEvents('deal.updated', burst);
    const everything = burst.map((moved, i) => ({ eventId: eventIds[i], title: moved.title }));
    const own = everything.filter((_, i) => burst[i]!.ownerId === 'rep-1');
    await waitFor(
      () =>
        [...managers, ...staged].every((subscriber) => subscriber.messages.length >= 30) &&
        rep.messages.length >= own.length,
      {
        timeoutMs: 30_000,
        description: 'every subscriber to get every event of the burst',
      },
    );
    for (const subscriber of managers) {
      assert.deepEqual(
        subscriber.messages.map((message) => ({
          eventId: message.data!['dealChanged'].eventId,
          title: message.data!['dealChanged'].deal?.title,
        })),
        everything,
      );
    }
    for (const subscriber of staged) {
      assert.deepEqual(
        subscriber.messages.map((message) => ({
          eventType: message.data!['dealChanged'].eventType,
          deal: message.data!['dealChanged'].deal,
        })),
        burst.map((moved) => ({ eventType: 'deal.updated', deal: { title: moved.title, stage: 'LEAD' } })),
      );
    }
    assert.deepEqual(
      rep.messages.map((message) => ({
        eventId: message.data!['dealChanged'].eventId,
        title: message.data!['dealChanged'].deal?.title,
      })),
      own,
    );
    assert.ok(
      [...managers, ...staged, rep].every((subscriber) =>
        subscriber.messages.every((message) => message.errors === undefined),
      ),
    );
    for (const subscriber of [...managers, ...staged, rep]) subscriber.stop();
  });

  it('replays what a client missed when it resubscribes with the cursor of the last event it saw, then continues live', async () => {
    const tenant = uniqueName('resume');
    const { client, cursor } = await sawOneThenStopped(tenant);
    await missWhileAway([deal(tenant, { title: 'missed A' }), deal(tenant, { title: 'missed B' })]);

    const resumed = await harness.subscribing(1, () => collect(client, dealChanged, { after: cursor }));
    await harness.dealEvent('deal.created', deal(tenant, { title: 'live' }));
    const messages = await resumed.until(3);
    assert.deepEqual(
      messages.map((message) => message.data!['dealChanged'].deal.title),
      ['missed A', 'missed B', 'live'],
    );
    assert.deepEqual(
      messages.map((message) => message.data!['dealChanged'].eventType),
      ['deal.created', 'deal.created', 'deal.created'],
    );
  });

  it('sends a snapshot signal instead when the missed events are no longer held, or the cursor is of another topic', async () => {
    const tenant = uniqueName('window');
    const { client, cursor } = await sawOneThenStopped(tenant);
    await missWhileAway([0, 1, 2, 3].map((i) => deal(tenant, { title: `missed ${i}` }))); // the window keeps 3

    const resumed = await harness.subscribing(1, () => collect(client, dealChanged, { after: cursor }));
    const foreign = await harness.subscribing(1, () =>
      collect(client, dealChanged, { after: encodeCursor('contracts.contract.events', [0]) }),
    );
    const [signal] = await resumed.until(1);
    assert.equal(signal!.data!['dealChanged'].eventType, 'snapshot');
    assert.equal(signal!.data!['dealChanged'].deal, null);
    assert.equal(signal!.data!['dealChanged'].eventId, null);
    const [foreignSignal] = await foreign.until(1);
    assert.equal(foreignSignal!.data!['dealChanged'].eventType, 'snapshot');
    await harness.dealEvent('deal.created', deal(tenant, { title: 'after the snapshot' }));
    const [, live] = await resumed.until(2);
    assert.equal(live!.data!['dealChanged'].deal.title, 'after the snapshot');
  });

  it('starts pipelineChanged with the current board as the subscriber sees it, then sends each change', async () => {
    const tenant = uniqueName('pipeline');
    harness.stub.deals.set(randomUUID(), deal(tenant));
    const board = await harness.subscribing(1, async () =>
      collect(
        await connect({ tenant, roles: ['SALES_MANAGER'] }),
        'subscription { pipelineChanged { eventType cursor pipeline { openDeals } } }',
      ),
    );
    const [snapshot] = await board.until(1);
    assert.equal(snapshot!.data!['pipelineChanged'].eventType, 'snapshot');
    assert.deepEqual(snapshot!.data!['pipelineChanged'].pipeline, { openDeals: 1 });
    for (const _ of [1, 2]) harness.stub.deals.set(randomUUID(), deal(tenant));
    await harness.pipelineEvent(tenant);
    const [, change] = await board.until(2);
    assert.equal(change!.data!['pipelineChanged'].eventType, 'pipeline.summary_changed');
    assert.deepEqual(change!.data!['pipelineChanged'].pipeline, { openDeals: 3 });
  });

  it('keeps the subscriptions whose field is still in a reloaded supergraph and ends the others with an error', async () => {
    const tenant = uniqueName('reload');
    const client = await connect({ tenant, roles: ['SALES_MANAGER'] });
    const deals = await harness.subscribing(1, () => collect(client, dealChanged));
    const board = await harness.subscribing(1, () => collect(client, 'subscription { pipelineChanged { eventType } }'));
    await board.until(1);
    harness.writeSupergraph('');
    await waitFor(() => board.completed || board.errors.length > 0 || board.messages.length > 1, {
      description: 'pipelineChanged to end',
    });
    assert.equal(board.messages.at(-1)!.errors?.[0]?.extensions?.['code'], 'GRAPHQL_VALIDATION_FAILED');
    await harness.dealEvent('deal.created', deal(tenant, { title: 'after the reload' }));
    const [message] = await deals.until(1);
    assert.equal(message!.data!['dealChanged'].deal.title, 'after the reload');
  });
});
