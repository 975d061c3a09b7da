import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildSchema, parse, print, validate } from 'graphql';
import { accessRequirements } from '@salesgraph/public-contract';
import { filterByScopes } from './scope-filter.js';

const sdl = `
  directive @requiresScopes(scopes: [[String!]!]!) on FIELD_DEFINITION | OBJECT
  schema { query: Query }
  type Query {
    deal(id: ID!): Deal @requiresScopes(scopes: [["deals:read"]])
    deals(first: Int): [Deal!]! @requiresScopes(scopes: [["deals:read"]])
    company(id: ID!): Company
    pipeline: Pipeline @requiresScopes(scopes: [["pipeline:read"], ["deals:read", "companies:read"]])
  }
  type Deal { id: ID! title: String! company: Company! }
  type Company @requiresScopes(scopes: [["companies:read"]]) { id: ID! legalName: String! }
  type Pipeline { count: Int! }
`;
const schema = buildSchema(sdl);
const requirements = accessRequirements(sdl);
const filter = (query: string, scopes: string[]) => {
  const result = filterByScopes(parse(query), schema, requirements, scopes);
  return {
    query: result.document ? print(result.document).replace(/\s+/g, ' ').trim() : null,
    removed: result.removed.map((field) => `${field.path.join('.')} needs ${JSON.stringify(field.scopes)}`),
    valid: validate(schema, result.document ?? parse(query)).map((error) => error.message),
  };
};

describe('removing the fields a token has no scope for (before planning)', () => {
  it('leaves a document the scopes allow untouched', () => {
    const document = parse('{ deal(id: "1") { title company { legalName } } }');
    const result = filterByScopes(document, schema, requirements, ['deals:read', 'companies:read']);
    assert.equal(result.document, document);
    assert.deepEqual(result.removed, []);
  });

  it('removes a field whose type needs a scope, with the path through lists marked @', () => {
    const result = filter('{ deals { id company { legalName } } }', ['deals:read']);
    assert.equal(result.query, '{ deals { id } }');
    assert.deepEqual(result.removed, ['deals.@.company needs [["companies:read"]]']);
    assert.deepEqual(result.valid, []);
  });

  it('uses response keys (aliases) in paths and keeps siblings the scopes allow', () => {
    const result = filter('{ mine: deal(id: "1") { title } firm: company(id: "2") { legalName } }', ['deals:read']);
    assert.equal(result.query, '{ mine: deal(id: "1") { title } }');
    assert.deepEqual(result.removed, ['firm needs [["companies:read"]]']);
  });

  it('accepts any one of the alternative scope sets, and all scopes of it', () => {
    assert.equal(filter('{ pipeline { count } }', ['pipeline:read']).removed.length, 0);
    assert.equal(filter('{ pipeline { count } }', ['deals:read', 'companies:read']).removed.length, 0);
    assert.deepEqual(filter('{ pipeline { count } }', ['deals:read']).removed, [
      'pipeline needs [["pipeline:read"],["deals:read","companies:read"]]',
    ]);
  });

  it('drops a field left with an empty selection, fragments and variables no longer used, so the rest validates', () => {
    const result = filter(
      `query Q($id: ID!, $other: ID!) {
         deal(id: $id) { ...D }
         company(id: $other) { ...C }
       }
       fragment C on Company { legalName }
       fragment D on Deal { title company { ...C } }`,
      ['deals:read'],
    );
    assert.equal(result.query, 'query Q($id: ID!) { deal(id: $id) { ...D } } fragment D on Deal { title }');
    assert.deepEqual(result.removed, ['deal.company needs [["companies:read"]]', 'company needs [["companies:read"]]']);
    assert.deepEqual(result.valid, []);
  });

  it('filters inside inline fragments, and leaves nothing to run when every root field is removed', () => {
    assert.equal(filter('{ ... on Query { deal(id: "1") { title } } }', []).query, null);
    assert.deepEqual(filter('{ deal(id: "1") { title } }', []).removed, ['deal needs [["deals:read"]]']);
  });

  it('leaves unknown fields and fragment cycles to validation, and __typename to everyone', () => {
    assert.equal(filter('{ nope { id } }', []).removed.length, 0);
    assert.equal(filter('{ __typename }', []).removed.length, 0);
    const cyclic = filter('{ deal(id: "1") { ...A } } fragment A on Deal { ...B } fragment B on Deal { ...A }', [
      'deals:read',
    ]);
    assert.ok(
      cyclic.valid.some((message) => /within itself/.test(message)),
      cyclic.valid.join('; '),
    );
  });
});
