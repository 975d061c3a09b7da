import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildSchema, parse } from 'graphql';
import { createCostModel } from '../cost/cost-model.js';
import {
  costVariables,
  countAliasesAndDirectives,
  countTokens,
  documentDepth,
  exceededLimit,
  withinJsonSize,
  type DocumentLimits,
} from './document-limits.js';

const schema = buildSchema(`
  type Query {
    company(id: ID!): Company
    companies(first: Int! = 20, after: String): CompanyConnection!
  }
  type CompanyConnection { edges: [CompanyEdge!]! pageInfo: PageInfo! }
  type CompanyEdge { node: Company! cursor: String! }
  type PageInfo { hasNextPage: Boolean! }
  type Company {
    id: ID!
    legalName: String!
    contacts: [Contact!]!
    deals(first: Int! = 20): DealConnection!
  }
  type Contact { id: ID! name: String! }
  type DealConnection { edges: [DealEdge!]! }
  type DealEdge { node: Deal! }
  type Deal { id: ID! title: String! }
`);

const costModel = createCostModel(schema, undefined, 10);
const limits: DocumentLimits = { depth: 5, aliases: 3, directives: 2, tokens: 50, cost: 500 };

describe('document limits', () => {
  it('names the variables the cost may read: those passed as field arguments, in operations and fragments', () => {
    const document = parse(`
      query Page($n: Int, $id: ID!, $after: String, $nested: String) { company(id: $id) { ...Deals } companies(first: $n, after: $after, filter: { name: $nested }) { edges { cursor } } }
      fragment Deals on Company { deals(last: $m) { edges { node { id } } } }
    `);
    assert.deepEqual(costVariables(document).sort(), ['after', 'id', 'm', 'n']);
    assert.deepEqual(costVariables(parse('{ companies(first: 3) { edges { cursor } } }')), []);
  });

  it("counts tokens like graphql's parser does, ignoring comments, and stops past the limit", () => {
    assert.equal(countTokens('{ a b }', 100), 4);
    assert.equal(countTokens('# a comment\n{ a(x: "string with spaces") }', 100), 8);
    assert.equal(countTokens(`{ ${'__typename '.repeat(100_000)} }`, 1000), 1001);
    assert.throws(() => countTokens('{ a ☃ }', 100), /Syntax Error/);
  });

  it('measures depth through fragments and inline fragments, once per fragment', () => {
    assert.equal(documentDepth(parse('{ a { b { c } } }')), 3);
    assert.equal(documentDepth(parse('{ a { ...F } } fragment F on A { b { ... on B { c { d } } } }')), 4);
    const chain = Array.from(
      { length: 30 },
      (_, index) => `fragment F${index} on Q { x { ...F${index + 1} } x2 { ...F${index + 1} } }`,
    ).join('\n');
    assert.equal(documentDepth(parse(`{ ...F0 } ${chain} fragment F30 on Q { y }`)), 31);
  });

  it('survives fragment cycles and unknown fragments (validation refuses them later)', () => {
    const cycle = parse('{ ...A } fragment A on Query { a { ...B } } fragment B on Query { b { ...A } }');
    assert.equal(documentDepth(cycle), 2);
    assert.equal(documentDepth(parse('{ a { ...Missing } }')), 1);
  });

  it('leaves introspection out of depth and cost only when told to', () => {
    const introspection = parse('{ __schema { types { fields { type { ofType { ofType { name } } } } } } }');
    assert.equal(documentDepth(introspection), 7);
    assert.equal(documentDepth(introspection, { ignoreIntrospection: true }), 0);
  });

  it('counts aliases and directives in the whole document', () => {
    const document = parse('query Q @a { x: a @b y: a { z: b @c @d } ...F } fragment F on Query @e { w: a }');
    assert.deepEqual(countAliasesAndDirectives(document), { aliases: 4, directives: 5 });
  });

  it('names the first limit a document exceeds', () => {
    assert.equal(exceededLimit(parse('{ company(id: "1") { id } }'), limits, { costModel }), undefined);
    assert.deepEqual(exceededLimit(parse('{ a: __typename b: __typename c: __typename d: __typename }'), limits), {
      limit: 'aliases',
      max: 3,
    });
    assert.deepEqual(exceededLimit(parse('{ __typename @a @b @c }'), limits), { limit: 'directives', max: 2 });
    assert.deepEqual(exceededLimit(parse('{ a { b { c { d { e { f } } } } } }'), limits), { limit: 'depth', max: 5 });
    assert.deepEqual(
      exceededLimit(parse('{ companies(first: 300) { edges { node { id legalName } } } }'), limits, { costModel }),
      { limit: 'cost', max: 500 },
    );
  });

  it('measures variables without recursion, refusing size and nesting beyond the limits', () => {
    assert.equal(
      withinJsonSize({ input: { legalName: 'Padaria', employeeCount: 12, tags: ['a', 'b'] } }, 1000, 8),
      true,
    );
    assert.equal(withinJsonSize({ text: 'x'.repeat(2000) }, 1000, 8), false);
    let nested: unknown = 'leaf';
    for (let level = 0; level < 200_000; level += 1) nested = [nested];
    assert.equal(withinJsonSize({ nested }, 10_000_000, 32), false);
    assert.equal(withinJsonSize({ ok: [[['x']]] }, 100, 5), true);
  });
});
