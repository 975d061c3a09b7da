import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HeaderMap, type HTTPGraphQLRequest } from '@apollo/server';
import { buildSchema } from 'graphql';
import { createLogger } from '@salesgraph/logging';
import { CostModels } from './cost/cost-models.js';
import { noPersistedOperations } from './persisted-operations/manifest.js';
import { requestGuard, type GuardDecision } from './request-guard.js';

const schema = buildSchema(`
  type Query { companies(first: Int = 20): CompanyConnection! company(id: ID!): Company }
  type CompanyConnection { edges: [CompanyEdge!]! }
  type CompanyEdge { node: Company! }
  type Company { id: ID! parent: Company }
`);

const guard = requestGuard({
  limits: { depth: 4, aliases: 5, directives: 5, tokens: 200, cost: 500 },
  costModels: new CostModels(10),
  maxVariablesBytes: 10_000,
  persistedOperations: noPersistedOperations,
  persistedOnly: false,
  ignoreIntrospection: false,
  schema: () => schema,
  formatError: (formatted) => formatted,
  logger: createLogger('request-guard-spec', 'silent'),
});

const post = (query: string, variables?: Record<string, unknown>): HTTPGraphQLRequest => ({
  method: 'POST',
  headers: new HeaderMap([['content-type', 'application/json']]),
  search: '',
  body: { query, variables },
});

const refusal = (decision: GuardDecision) =>
  'respond' in decision && decision.respond.body.kind === 'complete'
    ? (JSON.parse(decision.respond.body.string) as { errors: { extensions: { limit?: string } }[] }).errors[0]
        ?.extensions.limit
    : undefined;

describe('the request guard over the same documents again (parsed documents and verdicts kept)', () => {
  const page = 'query Page($n: Int) { companies(first: $n) { edges { node { id } } } }';

  it('measures the cost again for other values of the variables the cost reads', () => {
    assert.equal(refusal(guard.http(post(page, { n: 10 }))), undefined);
    assert.equal(refusal(guard.http(post(page, { n: 1000 }))), 'cost');
    assert.equal(refusal(guard.http(post(page, { n: 10 }))), undefined);
    assert.equal(refusal(guard.http(post(page, { n: 1000 }))), 'cost');
    assert.equal(refusal(guard.http(post(page))), undefined, 'the default, 20');
  });

  it('refuses a refused document every time, and the same check serves other transports', () => {
    const deep = '{ company(id: "1") { parent { parent { parent { parent { id } } } } } }';
    assert.equal(refusal(guard.http(post(deep))), 'depth');
    assert.equal(refusal(guard.http(post(deep))), 'depth');
    assert.throws(() => guard.check({ query: deep }, schema), /depth limit/);
    const tooLong = `{ ${'company(id: "1") { id } '.repeat(40)} }`;
    assert.equal(refusal(guard.http(post(tooLong))), 'tokens');
    assert.equal(refusal(guard.http(post(tooLong))), 'tokens');
  });

  it('hands on the parsed document with the request it lets through', () => {
    const decision = guard.http(post(page, { n: 5 }));
    assert.ok('execute' in decision);
    assert.equal(decision.operation?.document?.definitions.length, 1);
    assert.deepEqual(decision.operation?.variables, { n: 5 });
  });
});
