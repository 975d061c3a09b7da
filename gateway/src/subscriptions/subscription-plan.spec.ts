import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { getOperationAST, parse, type GraphQLError, type GraphQLSchema } from 'graphql';
import { readEventSources, type EventSourceField } from './event-sources.js';
import { planSubscription, type SubscriptionPlan } from './subscription-plan.js';
import { apiSchemaOf } from './testing/api-schema.js';
import { composeStub, pipelineChangedField, stubSdl } from './testing/deals-stub.js';

describe('subscription plans', () => {
  let schema: GraphQLSchema;
  let sources: Map<string, EventSourceField>;

  const plan = (query: string, variables: Record<string, unknown> = {}): SubscriptionPlan | readonly GraphQLError[] => {
    const document = parse(query);
    return planSubscription(schema, sources, document, getOperationAST(document)!, variables);
  };
  const planned = (query: string, variables: Record<string, unknown> = {}): SubscriptionPlan => {
    const result = plan(query, variables);
    assert.ok(!Array.isArray(result), JSON.stringify(result));
    return result as SubscriptionPlan;
  };

  before(async () => {
    const supergraph = composeStub('http://127.0.0.1:1/graphql', stubSdl(pipelineChangedField));
    schema = await apiSchemaOf(supergraph);
    sources = readEventSources(supergraph, schema).sources;
  });

  it("loads the entity by the event's id with exactly the client's selection, under the client's response keys", () => {
    const result = planned(
      `subscription S($owner: Boolean!) {
      changes: dealChanged { when: occurredAt ...F d: deal { t: title ownerId @include(if: $owner) } }
    } fragment F on DealChanged { cursor deal { id ...G } } fragment G on Deal { stage }`,
      { owner: true },
    );
    assert.equal(result.rootKey, 'changes');
    assert.deepEqual(result.payload, [
      { key: 'when', kind: 'occurredAt' },
      { key: 'cursor', kind: 'cursor' },
      { key: 'deal', kind: 'entity' },
      { key: 'd', kind: 'entity' },
    ]);
    assert.deepEqual(result.entityKeys, ['deal', 'd']);
    assert.equal(
      result.entityQuery,
      [
        'query dealChangedEntity($subscriptionEntityId: ID!, $owner: Boolean!) {',
        '  deal: deal(id: $subscriptionEntityId) {',
        '    id',
        '    ...G',
        '  }',
        '  d: deal(id: $subscriptionEntityId) {',
        '    t: title',
        '    ownerId @include(if: $owner)',
        '  }',
        '}',
        '',
        'fragment G on Deal {',
        '  stage',
        '}',
      ].join('\n'),
    );
    assert.deepEqual(result.entityVariables, { owner: true });
  });

  it('gives equal selections written differently one query key, and different variables different keys', () => {
    const a = planned('subscription { dealChanged { deal { id title } } }');
    const b = planned(
      'subscription   Named { dealChanged(filter: { stages: ["LEAD"] }) { eventType deal {   id\n title } } }',
    );
    assert.equal(a.queryKey, b.queryKey, 'arguments and event fields do not change what is loaded');
    const withVariable = (value: boolean) =>
      planned('subscription($x: Boolean!) { dealChanged { deal { id title @skip(if: $x) } } }', { x: value });
    assert.notEqual(withVariable(true).queryKey, withVariable(false).queryKey);
  });

  it('still loads the entity (its __typename) when the client selects none, so visibility is checked', () => {
    const result = planned('subscription { dealChanged { eventType cursor } }');
    assert.deepEqual(result.entityKeys, ['visible']);
    assert.match(result.entityQuery, /visible: deal\(id: \$subscriptionEntityId\) \{\s+__typename\s+\}/);
  });

  it("keeps the client's arguments for filtering and reads the resume cursor", () => {
    const result = planned('subscription($f: DealChangedFilter) { dealChanged(filter: $f, after: null) { cursor } }', {
      f: { stages: ['PROPOSAL'], ownerId: 'rep-1' },
    });
    assert.deepEqual(result.args, { filter: { stages: ['PROPOSAL'], ownerId: 'rep-1' }, after: null });
    assert.equal(result.after, null);
  });

  it('loads a snapshot field without an id', () => {
    const result = planned('subscription { pipelineChanged { pipeline { openDeals } } }');
    assert.equal(result.source.idType, null);
    assert.match(result.entityQuery, /^query pipelineChangedEntity \{\s+pipeline: pipeline \{/);
  });

  it('refuses a malformed cursor and variables that do not coerce, with stable codes', () => {
    const badCursor = plan('subscription { dealChanged(after: "nope") { cursor } }') as readonly GraphQLError[];
    assert.equal(badCursor[0]?.extensions['code'], 'BAD_USER_INPUT');
    assert.equal(badCursor[0]?.extensions['field'], 'after');
    const badVariables = plan('subscription($f: DealChangedFilter) { dealChanged(filter: $f) { cursor } }', {
      f: { stages: 'x', nope: 1 },
    }) as readonly GraphQLError[];
    assert.equal(badVariables[0]?.extensions['code'], 'BAD_USER_INPUT');
  });
});
