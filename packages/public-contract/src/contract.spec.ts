import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'graphql';
import { composeServices } from '@apollo/composition';
import { Supergraph } from '@apollo/federation-internals';
import { ContractError, publicContractSupergraph } from './contract.js';
import { printApiSchema } from './api-schema.js';
import { accessRequirements, supergraphForApolloGateway } from './security.js';

const link = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@tag", "@requiresScopes"])`;

function supergraph(sdl: string): string {
  const result = composeServices([{ name: 'one', url: 'http://one/graphql', typeDefs: parse(`${link}\n${sdl}`) }]);
  if (result.errors?.length) throw new Error(result.errors.map((error) => error.message).join('\n'));
  return result.supergraphSdl!;
}

const publicApi = (sdl: string) =>
  printApiSchema(supergraphForApolloGateway(publicContractSupergraph(supergraph(sdl))));

describe('the public contract of a supergraph', () => {
  it('keeps only what is tagged public: types, fields, arguments and input fields', () => {
    const api = publicApi(`
      type Query {
        person(id: ID! @tag(name: "public"), secret: String): Person @tag(name: "public")
        people(filter: PersonFilter @tag(name: "public")): [Person!]! @tag(name: "public")
        internal: String
      }
      type Person @key(fields: "id") @tag(name: "public") {
        id: ID! @tag(name: "public")
        kind: Kind! @tag(name: "public")
        cpf: String
      }
      input PersonFilter @tag(name: "public") { kind: Kind @tag(name: "public") cpf: String }
      enum Kind { A B }
      enum Unused { X }
    `);
    assert.match(api, /person\(id: ID!\): Person/);
    assert.match(api, /input PersonFilter {\n {2}kind: Kind\n}/);
    assert.match(api, /enum Kind {\n {2}A\n {2}B\n}/, 'an enum a public field uses is public, all its values');
    for (const hidden of ['cpf', 'internal', 'secret', 'Unused', '_entities', '_service', 'join__']) {
      assert.ok(!api.includes(hidden), `${hidden} is in the contract`);
    }
  });

  it('refuses a public field whose type, required argument or required input field is not public', () => {
    assert.throws(
      () => publicContractSupergraph(supergraph(`type Query { p: P @tag(name: "public") } type P { id: ID! }`)),
      (error: unknown) =>
        error instanceof ContractError && /Query.p is public but its type P is not tagged/.test(error.message),
    );
    assert.throws(
      () => publicContractSupergraph(supergraph(`type Query { p(id: ID!): String @tag(name: "public") }`)),
      (error: unknown) =>
        error instanceof ContractError && /Query.p\(id:\) is required but not tagged/.test(error.message),
    );
    assert.throws(
      () =>
        publicContractSupergraph(
          supergraph(`type Query { p(f: F @tag(name: "public")): String @tag(name: "public") }
                      input F @tag(name: "public") { a: String! }`),
        ),
      (error: unknown) => error instanceof ContractError && /F.a is required but not tagged/.test(error.message),
    );
  });

  it('leaves @requiresScopes readable while Apollo Gateway can load the supergraph', () => {
    const composed = supergraph(`
      type Query { deal: Deal @tag(name: "public") @requiresScopes(scopes: [["deals:read"]]) }
      type Deal @requiresScopes(scopes: [["deals:read"], ["all:read"]]) @tag(name: "public") { id: ID! @tag(name: "public") }
    `);
    assert.throws(() => Supergraph.build(composed), /is for: SECURITY but is unsupported/);
    const loadable = supergraphForApolloGateway(publicContractSupergraph(composed));
    assert.doesNotThrow(() => Supergraph.build(loadable));
    const requirements = accessRequirements(loadable);
    assert.deepEqual(requirements.fields.get('Query.deal')?.scopes, [['deals:read']]);
    assert.deepEqual(requirements.types.get('Deal')?.scopes, [['deals:read'], ['all:read']]);
  });
});
