import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildSchema, parse, type OperationDefinitionNode } from 'graphql';
import { deepMerge, ownValue } from './merge.js';
import { compileOperation, conditionKey, introspect } from './operation-program.js';
import { ResponseWriter } from './response-writer.js';

const schema = buildSchema(`
  enum Stage { LEAD WON }
  interface Node { id: ID! }
  type Deal implements Node { id: ID! stage: Stage! title: String owner: Person! tags: [String!] }
  type Person implements Node { id: ID! name: String! }
  union Item = Deal | Person
  type Query { deal: Deal deals: [Deal!] items: [Item] node: Node! count: Int }
`);

/** Writes `data` for `query` as the executor would, and parses it back. */
function write(query: string, data: Record<string, unknown>, requestVariables: Record<string, unknown> = {}) {
  const document = parse(query);
  const operation = document.definitions.find((node) => node.kind === 'OperationDefinition') as OperationDefinitionNode;
  const fragments = Object.fromEntries(
    document.definitions.flatMap((node) => (node.kind === 'FragmentDefinition' ? [[node.name.value, node]] : [])),
  );
  const program = compileOperation({ kind: 'QueryPlan' }, schema, operation, fragments);
  const variables = { ...program.defaults, ...requestVariables };
  const writer = new ResponseWriter({
    schema,
    conditionKey: conditionKey(program, variables),
    variables,
    isComposite: program.isComposite,
    introspect: (field) => introspect(program, field, variables),
  });
  const json = writer.write(program.root, data);
  return { data: JSON.parse(json) as unknown, errors: writer.errors.map((error) => error.message) };
}

describe('ResponseWriter', () => {
  it('writes only the selected fields, under their aliases, in the order of the operation', () => {
    const { data } = write('{ deal { stage t: title id } }', {
      deal: { id: 'd1', t: 'Renewal', stage: 'LEAD', extra: 'not selected' },
    });
    assert.deepEqual(data, { deal: { stage: 'LEAD', t: 'Renewal', id: 'd1' } });
    assert.equal(JSON.stringify(data), '{"deal":{"stage":"LEAD","t":"Renewal","id":"d1"}}');
  });

  it('applies fragments on the runtime type only, and answers __typename from it', () => {
    const { data } = write('{ items { __typename ... on Deal { id } ...P } } fragment P on Person { name }', {
      items: [{ __typename: 'Deal', id: 'd1', name: 'never' }, { __typename: 'Person', id: 'p1', name: 'Ana' }, null],
    });
    assert.deepEqual(data, { items: [{ __typename: 'Deal', id: 'd1' }, { __typename: 'Person', name: 'Ana' }, null] });
  });

  it('follows @skip and @include with variables and defaults', () => {
    const query = 'query ($on: Boolean = true) { deal { id @include(if: $on) title @skip(if: $on) } }';
    const deal = { id: 'd1', title: 'T' };
    assert.deepEqual(write(query, { deal }).data, { deal: { id: 'd1' } });
    assert.deepEqual(write(query, { deal }, { on: false }).data, { deal: { title: 'T' } });
  });

  it('nulls the nearest nullable parent of a null in a non-null position, with one error', () => {
    const { data, errors } = write('{ deal { id owner { id name } } count }', {
      deal: { id: 'd1', owner: { id: 'p1', name: null } },
      count: 3,
    });
    assert.deepEqual(data, { deal: null, count: 3 });
    assert.deepEqual(errors, ['Cannot return null for non-nullable field Person.name.']);
  });

  it('nulls a list with a null element of a non-null type, and the whole data for a non-null root', () => {
    assert.deepEqual(write('{ deals { id } }', { deals: [{ id: 'd1' }, null] }).data, { deals: null });
    assert.equal(write('{ node { id } count }', { node: null, count: 1 }).data, null);
  });

  it('refuses leaves that do not fit their type (an unknown enum value, a string Int)', () => {
    const { data, errors } = write('{ deal { id stage } count }', { deal: { id: 'd1', stage: 'LOST' }, count: '3' });
    assert.deepEqual(data, { deal: null, count: null });
    assert.deepEqual(errors, [
      'Invalid value found for field Deal.stage.',
      'Invalid value found for field Query.count.',
    ]);
  });

  it('escapes strings and answers introspection at the root', () => {
    const { data } = write('{ deal { title } __type(name: "Stage") { name } }', {
      deal: { title: 'a "quoted"\nline' },
    });
    assert.deepEqual(data, { deal: { title: 'a "quoted"\nline' }, __type: { name: 'Stage' } });
  });
});

describe('merging subgraph answers', () => {
  it('merges objects key by key and lists of the same length element by element', () => {
    const target: Record<string, unknown> = { deal: { id: 'd1' }, tags: [{ a: 1 }, { a: 2 }] };
    deepMerge(target, { deal: { title: 'T' }, tags: [{ b: 1 }, { b: 2 }], count: 2 });
    assert.deepEqual(target, {
      deal: { id: 'd1', title: 'T' },
      tags: [
        { a: 1, b: 1 },
        { a: 2, b: 2 },
      ],
      count: 2,
    });
  });

  it('keeps field names an object inherits as plain own values (__proto__, constructor)', () => {
    const target: Record<string, unknown> = {};
    deepMerge(target, JSON.parse('{"__proto__": {"polluted": true}, "constructor": "c"}'));
    assert.equal(Object.getPrototypeOf(target), Object.prototype);
    assert.deepEqual(ownValue(target, '__proto__'), { polluted: true });
    assert.equal(ownValue(target, 'constructor'), 'c');
    assert.equal(ownValue({}, 'toString'), undefined);
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
  });
});
