import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildSchema, parse } from 'graphql';
import { createCostModel } from './cost-model.js';
import { estimateCost } from './estimate-cost.js';
import { actualCost } from './actual-cost.js';

/** A supergraph-like SDL: the API types with the cost directives as composition writes them. */
const sdl = `
  directive @cost(weight: Int!) on FIELD_DEFINITION | OBJECT | SCALAR | ENUM
  directive @listSize(assumedSize: Int, slicingArguments: [String!], sizedFields: [String!], requireOneSlicingArgument: Boolean = true) on FIELD_DEFINITION
  type Query {
    companies(first: Int! = 20, after: String): CompanyConnection! @listSize(slicingArguments: ["first"], sizedFields: ["edges"], requireOneSlicingArgument: false)
    company(id: ID!): Company
    accounts: [Account!]!
    nodes: [Node!]!
    top(limit: Int, max: Int): [Company!]! @listSize(slicingArguments: ["limit", "max"])
    forecast: Forecast!
  }
  type Mutation { createCompany(name: String!): Company }
  type CompanyConnection { edges: [CompanyEdge!]! pageInfo: PageInfo! }
  type CompanyEdge { node: Company! cursor: String! }
  type PageInfo { hasNextPage: Boolean! }
  type Company {
    id: ID!
    legalName: String!
    contacts: [Contact!]! @listSize(assumedSize: 5)
    tags: [String!]!
    deals: [Deal!]!
    score: Int! @cost(weight: 3)
  }
  type Contact { id: ID! name: String! }
  type Deal { id: ID! }
  type Forecast @cost(weight: 50) { total: Int! }
  interface Node { id: ID! }
  union Account = User | Admin
  type User implements Node { id: ID! name: String similarAccounts: [Account!]! }
  type Admin implements Node { id: ID! name: String similarAccounts: [Account!]! rights: [String!]! }
`;
const schema = buildSchema(sdl);
const model = createCostModel(schema, sdl, 10);
const cost = (document: string, variables: Record<string, unknown> = {}, operationName?: string) =>
  estimateCost(model, parse(document), { variables, operationName });

describe('requested cost (estimateCost)', () => {
  it('costs 1 per object, 0 per scalar, enum or __typename', () => {
    assert.equal(cost('{ company(id: "1") { id legalName __typename } }'), 1);
    assert.equal(cost('{ __typename }'), 0);
  });

  it('counts inline fragments on different concrete types as the maximum, not the sum', () => {
    // Account is User | Admin and each object is one of them: the costlier side (the list) counts, once.
    const oneLevel = '{ accounts { ... on User { name } ... on Admin { name similarAccounts { __typename } } } }';
    assert.equal(cost(oneLevel), 10 * (1 + 10 * 1));
    const spreads =
      '{ accounts { ...U ...A } } fragment U on User { similarAccounts { __typename } } fragment A on Admin { name }';
    assert.equal(cost(spreads), 10 * (1 + 10 * 1));
  });

  it('applies a fragment on an interface to every type implementing it, and fields on the interface to all', () => {
    assert.equal(cost('{ nodes { id ... on Admin { similarAccounts { __typename } } } }'), 10 * (1 + 10));
    assert.equal(cost('{ accounts { ... on Node { id } } }'), 10);
  });

  it('prices the conformance fan-out with three nested unbounded lists under the default limit of 5,000', () => {
    // The federation audit's child-type-mismatch "DeeplyNested" shape: it cost 17,282 when
    // fragments on User and Admin were added up and every field counted.
    const level = (inner: string) => `similarAccounts { ... on User { name ${inner} } ... on Admin { name ${inner} } }`;
    const document = `{ accounts { ... on User { name ${level(level(''))} } ... on Admin { name ${level(level(''))} } } }`;
    assert.equal(cost(document), 10 * (1 + 10 * (1 + 10 * 1)));
    assert.ok(cost(document) <= 5000);
  });

  it('sizes a connection by its slicing argument, applied to edges (sizedFields), not to the connection', () => {
    assert.equal(cost('{ companies(first: 100) { edges { node { id } } } }'), 1 + 100 * (1 + 1));
    assert.equal(cost('{ companies { edges { node { id } } pageInfo { hasNextPage } } }'), 1 + 20 * 2 + 1);
    assert.equal(cost('query($n: Int!) { companies(first: $n) { edges { cursor } } }', { n: 7 }), 1 + 7);
    assert.equal(cost('query($n: Int! = 4) { companies(first: $n) { edges { cursor } } }'), 1 + 4);
  });

  it('takes the largest of several slicing arguments, and assumedSize or the default size otherwise', () => {
    assert.equal(cost('{ top(limit: 3, max: 8) { id } }'), 8);
    assert.equal(cost('{ top { id } }'), 10, 'no slicing argument given: the default list size');
    assert.equal(cost('{ company(id: "1") { contacts { id } } }'), 1 + 5, '@listSize(assumedSize: 5)');
    assert.equal(cost('{ company(id: "1") { deals { id } } }'), 1 + 10, 'no @listSize: GRAPHQL_DEFAULT_LIST_SIZE');
    assert.equal(cost('{ company(id: "1") { tags } }'), 1, 'a list of scalars costs nothing');
  });

  it('multiplies nested lists', () => {
    assert.equal(
      cost('{ companies(first: 10) { edges { node { contacts { id } deals { id } } } } }'),
      1 + 10 * (1 + 1 + 5 + 10),
    );
  });

  it('uses @cost on fields and types, and 10 for a mutation field', () => {
    assert.equal(cost('{ company(id: "1") { score } }'), 1 + 3);
    assert.equal(cost('{ forecast { total } }'), 50);
    assert.equal(cost('mutation { createCompany(name: "x") { id } }'), 10);
  });

  it('prices the operation named, or the costliest one', () => {
    const document = 'query A { company(id: "1") { id } } query B { companies(first: 50) { edges { cursor } } }';
    assert.equal(cost(document, {}, 'A'), 1);
    assert.equal(cost(document), 51);
  });

  it('stays finite on fragment cycles, and counts every field 1 without a schema', () => {
    const cycle = '{ ...A } fragment A on Query { company(id: "1") { ...B } } fragment B on Company { id ...A }';
    assert.ok(Number.isFinite(cost(cycle)));
    assert.equal(estimateCost(undefined, parse('{ a { b c } }')), 3);
  });
});

describe('actual cost (actualCost)', () => {
  const actual = (document: string, data: unknown) => actualCost(model, parse(document), data);

  it('counts what was returned: real list lengths, nothing for nulls', () => {
    const document = '{ companies(first: 100) { edges { node { id contacts { id } } } } }';
    const edge = (contacts: number) => ({
      node: { id: 'c', contacts: Array.from({ length: contacts }, () => ({ id: 'x' })) },
    });
    assert.equal(actual(document, { companies: { edges: [edge(2), edge(0), edge(1)] } }), 1 + 3 * 2 + 3);
    assert.equal(actual('{ company(id: "1") { id } }', { company: null }), 0);
  });

  it('applies only the fragment of each object’s type, and merges fields selected twice', () => {
    const document =
      '{ accounts { __typename ... on User { name } ... on Admin { similarAccounts { __typename } } ... on Admin { similarAccounts { __typename } } } }';
    const data = {
      accounts: [
        { __typename: 'User', name: 'u' },
        { __typename: 'Admin', similarAccounts: [{ __typename: 'User' }, { __typename: 'Admin' }] },
      ],
    };
    assert.equal(actual(document, data), 2 + 2);
  });

  it('charges a mutation field and @cost weights as the estimate does', () => {
    assert.equal(actual('mutation { createCompany(name: "x") { id } }', { createCompany: { id: '1' } }), 10);
    assert.equal(actual('{ company(id: "1") { score } }', { company: { score: 3 } }), 1 + 3);
  });

  it('walks each response of one parsed document by its own values (what it learns of the document is reused)', () => {
    const document = parse('{ accounts { __typename ... on Admin { similarAccounts { __typename } } } }');
    const admin = (similar: number) => ({
      __typename: 'Admin',
      similarAccounts: Array.from({ length: similar }, () => ({ __typename: 'User' })),
    });
    assert.equal(actualCost(model, document, { accounts: [admin(3)] }), 1 + 3);
    assert.equal(actualCost(model, document, { accounts: [{ __typename: 'User' }, admin(1)] }), 2 + 1);
    assert.equal(actualCost(model, document, { accounts: [] }), 0);
    assert.equal(actualCost(model, document, { accounts: [admin(3)] }), 1 + 3);
  });
});
