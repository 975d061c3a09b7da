/**
 * Reference resolvers of other subgraphs' entities this subgraph only extends (Deal,
 * Contract, Beneficiary): the key is all it needs, so a stub is returned without a lookup.
 */
export function stubReferences(...typenames: string[]) {
  return Object.fromEntries(
    typenames.map((typename) => [
      typename,
      { __resolveReference: (reference: { id: string }) => ({ id: reference.id }) },
    ]),
  );
}
