import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FormattedExecutionResult } from 'graphql';
import { appError } from '@salesgraph/errors';
import { waitFor } from '@salesgraph/testkit';
import type { SubscriptionQuota } from '../quota/subscription-quota.js';
import type { ExecuteAs } from './entity-loader.js';
import { scriptedGraph, startScriptedEngine, type ScriptedGraph } from './testing/scripted-engine.js';

describe('the subscription engine (a scripted bus, loads answered in process)', () => {
  let graph: ScriptedGraph;

  before(async () => {
    graph = await scriptedGraph();
  });

  const start = (executeAs: ExecuteAs, quota?: SubscriptionQuota) => startScriptedEngine(graph, executeAs, quota);

  it('sends one message text per selection and event to every subscriber, and skips an event the bus hands over again', async () => {
    let loads = 0;
    const { deliver, subscribe, registry } = start(async (_query, variables) => {
      loads++;
      return { data: { deal: { title: `deal ${String(variables['subscriptionEntityId']).length}` } } };
    });
    const subscribers = Array.from({ length: 5 }, () =>
      subscribe('subscription { dealChanged { eventType deal { title } } }'),
    );
    await deliver(7, 'first');
    await deliver(7, 'first again'); // a rebalance: the same offset once more
    await deliver(8, 'second');
    await waitFor(() => subscribers.every((sent) => sent.length === 2), { description: 'both events everywhere' });
    assert.equal(loads, 2);
    assert.deepEqual(subscribers[4], [
      { data: { dealChanged: { eventType: 'deal.created', deal: { title: 'deal 36' } } } },
      { data: { dealChanged: { eventType: 'deal.created', deal: { title: 'deal 36' } } } },
    ]);
    assert.match(
      await registry.metrics(),
      /salesgraph_gateway_subscription_events_redelivered_total\{topic="deals.deal.events"\} 1/,
    );
  });

  it("refuses a subscription past the caller's cap, frees its place when one ends, and reports each delivery to the quota", async () => {
    const delivered: number[] = [];
    let open = 0;
    const quota: SubscriptionQuota = {
      open: () => {
        if (open >= 2) return appError('RATE_LIMITED', 'Too many open subscriptions');
        open++;
        return { delivered: (messages) => delivered.push(messages), release: () => open-- };
      },
      close: async () => undefined,
    };
    const { engine, deliver, subscribe } = start(async () => ({ data: { deal: { title: 'capped' } } }), quota);
    const query = 'subscription { dealChanged { eventType deal { title } } }';
    const [first] = [subscribe(query), subscribe(query)];
    assert.throws(() => subscribe(query), /Too many open subscriptions/);
    await deliver(3, 'capped');
    await waitFor(() => first.length === 1, { description: 'the event delivered' });
    await waitFor(() => delivered.length === 2, { description: 'both deliveries reported' });
    assert.deepEqual(delivered, [1, 1]);
    await engine.stop();
    assert.equal(open, 0, 'every place freed when the subscriptions end');
  });

  it('matches filters per subscriber: the same selection with other filter arguments is another group', async () => {
    const { deliver, subscribe } = start(async () => ({ data: { deal: { title: 'LEAD deal' } } }));
    const leads = subscribe('subscription { dealChanged(filter: { stages: ["LEAD"] }) { deal { title } } }');
    const proposals = subscribe('subscription { dealChanged(filter: { stages: ["PROPOSAL"] }) { deal { title } } }');
    const everything = subscribe('subscription { dealChanged { deal { title } } }');
    await deliver(1, 'a LEAD deal');
    await waitFor(() => leads.length === 1 && everything.length === 1, { description: 'the matching subscribers' });
    assert.deepEqual(proposals, []);
  });

  it("tries a load that failed on the way again, and keeps each subscriber's order meanwhile", async () => {
    let calls = 0;
    const unavailable: FormattedExecutionResult = {
      data: { deal: null },
      errors: [
        {
          message: 'A part of the graph is temporarily unavailable',
          path: ['deal'],
          extensions: { code: 'SUBGRAPH_UNAVAILABLE' },
        },
      ],
    };
    const { deliver, subscribe } = start(async (_query, variables) => {
      calls++;
      return calls === 1 ? unavailable : { data: { deal: { id: variables['subscriptionEntityId'] } } };
    });
    const sent = subscribe('subscription { dealChanged { eventType deal { id } } }');
    const first = await deliver(1, 'fails once');
    const second = await deliver(2, 'loads at once');
    await waitFor(() => sent.length === 2, { description: 'both messages' });
    assert.equal(calls, 3);
    assert.deepEqual(
      sent,
      [first, second].map((id) => ({ data: { dealChanged: { eventType: 'deal.created', deal: { id } } } })),
    );
  });

  it('sends the snapshot signal with the errors when a load keeps failing, and nothing for an entity the subscriber may not see', async () => {
    let failing = false;
    const { deliver, subscribe } = start(async () =>
      failing
        ? {
            data: { deal: null },
            errors: [
              {
                message: 'A part of the graph is temporarily unavailable',
                path: ['deal'],
                extensions: { code: 'SUBGRAPH_UNAVAILABLE' },
              },
            ],
          }
        : { data: { deal: null } },
    );
    const sent = subscribe('subscription { dealChanged { eventId eventType deal { id } } }');
    await deliver(1, 'not visible');
    failing = true;
    await deliver(2, 'never loads');
    await waitFor(() => sent.length === 1, { description: 'the snapshot signal' });
    assert.deepEqual(sent[0], {
      data: { dealChanged: { eventId: null, eventType: 'snapshot', deal: null } },
      errors: [
        {
          message: 'A part of the graph is temporarily unavailable',
          path: ['dealChanged', 'deal'],
          extensions: { code: 'SUBGRAPH_UNAVAILABLE' },
        },
      ],
    });
  });
});
