import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { GraphQLError } from 'graphql';
import { topics } from '@salesgraph/events';
import type { BusMessage } from '@salesgraph/kafka';
import { waitFor } from '@salesgraph/testkit';
import { decodeCursor, encodeCursor } from './cursor.js';
import type { ExecuteAs } from './entity-loader.js';
import { dealCreated, scriptedGraph, startScriptedEngine, type ScriptedGraph } from './testing/scripted-engine.js';

describe('resuming with a cursor of any gateway instance (Kafka positions; scripted buses)', () => {
  let graph: ScriptedGraph;

  before(async () => {
    graph = await scriptedGraph();
  });

  const start = (executeAs: ExecuteAs, ends?: readonly number[]) =>
    startScriptedEngine(graph, executeAs, undefined, ends);

  const query = (after: string) =>
    `subscription { dealChanged(after: "${after}") { cursor eventType deal { title } } }`;
  const titled = async (_query: string, variables: Record<string, unknown>) => ({
    data: { deal: { title: titles.get(String(variables['subscriptionEntityId'])) ?? null } },
  });
  const titles = new Map<string, string>();
  /** The same event handed to several instances (each consumes every event itself). */
  const both = async (
    instances: { hand: (message: BusMessage) => Promise<void> }[],
    partition: number,
    offset: number,
    title: string,
  ) => {
    const { message, id } = dealCreated(partition, offset, title);
    titles.set(id, title);
    for (const instance of instances) await instance.hand(message);
  };
  const messages = (sent: unknown[]) =>
    sent.map(
      (message) =>
        (message as { data: { dealChanged: { cursor: string; eventType: string; deal: { title: string } | null } } })
          .data.dealChanged,
    );

  it('resumes on another instance with exactly the events missed after a cursor from the first one, then live', async () => {
    const a = start(titled, [5, 7, 0]);
    const b = start(titled, [5, 7, 0]);
    const onA = a.subscribe('subscription { dealChanged { cursor eventType deal { title } } }');
    await both([a, b], 0, 5, 'seen on A');
    await waitFor(() => onA.length === 1, { description: 'the first event on A' });
    const [seen] = messages(onA);
    await both([a, b], 1, 7, 'missed 1');
    await both([a, b], 0, 6, 'missed 2');
    const onB = b.subscribe(query(seen!.cursor));
    await both([a, b], 2, 0, 'live');
    await waitFor(() => onB.length === 3, { description: 'the missed events and the live one on B' });
    assert.deepEqual(
      messages(onB).map((message) => message.deal?.title),
      ['missed 1', 'missed 2', 'live'],
    );
    assert.equal(onB.length, 3, 'nothing twice');
  });

  it('waits for this instance to reach a cursor issued by one that had consumed further, and sends nothing twice', async () => {
    const a = start(titled);
    const b = start(titled);
    const onA = a.subscribe('subscription { dealChanged { cursor eventType deal { title } } }');
    await both([a, b], 0, 0, 'first');
    await both([a], 1, 0, 'seen on A only so far');
    await waitFor(() => onA.length === 2, { description: 'both events on A' });
    const onB = b.subscribe(query(messages(onA)[1]!.cursor));
    await both([a, b], 2, 0, 'missed'); // B has not reached the cursor yet: nothing live either
    await b.hand(dealCreated(1, 0, 'never used').message); // B's copy of the event A delivered (its id differs: unused)
    await waitFor(() => onB.length === 1, { description: 'the missed event on B' });
    await both([a, b], 0, 1, 'live');
    await waitFor(() => onB.length === 2, { description: 'the live event on B' });
    assert.deepEqual(
      messages(onB).map((message) => message.deal?.title),
      ['missed', 'live'],
    );
  });

  it('sends a snapshot instead when the cursor is older than what this instance holds, or of another topic', async () => {
    const a = start(titled, [0, 0, 0]);
    const b = start(titled, [3, 0, 0]);
    const onA = a.subscribe('subscription { dealChanged { cursor eventType deal { title } } }');
    await both([a], 0, 0, 'before B started');
    await waitFor(() => onA.length === 1, { description: 'the event on A' });
    await waitFor(() => b.engine.ready(), { description: 'B to consume' });
    const older = b.subscribe(query(messages(onA)[0]!.cursor));
    const otherTopic = b.subscribe(query(encodeCursor(topics.contract, [3, 0, 0])));
    await waitFor(() => older.length === 1 && otherTopic.length === 1, { description: 'the snapshots' });
    assert.deepEqual(
      [...messages(older), ...messages(otherTopic)].map((message) => [message.eventType, message.deal]),
      [
        ['snapshot', null],
        ['snapshot', null],
      ],
    );
    assert.equal(
      decodeCursor(messages(older)[0]!.cursor)?.next.join(),
      '3,0,0',
      "the snapshot's cursor is B's position",
    );
  });

  it('refuses a malformed cursor with BAD_USER_INPUT', () => {
    const { subscribe } = start(titled);
    assert.throws(
      () => subscribe(query('bm90IGEgY3Vyc29y')),
      (error: GraphQLError) =>
        error.message === 'after is not a cursor of this graph' && error.extensions['code'] === 'BAD_USER_INPUT',
    );
  });
});
