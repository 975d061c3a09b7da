import 'reflect-metadata';
import { parse, type GraphQLSchema } from 'graphql';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { buildSchema, createResolversMap, type BuildSchemaOptions } from 'type-graphql';
import { DateTimeISOScalar } from '@salesgraph/scalars';
import { withConnectionListSizes } from './connection.js';
import { eventSourceDirectiveSdl, eventSourceLinkSdl } from './event-source.js';
import type { SchemaExtension } from './event-status.js';
import { withScopeChecks } from './scope-check.js';

export type ReferenceResolvers = Record<string, { __resolveReference: (reference: never, context: never) => unknown }>;

const federationImports = [
  '@key',
  '@shareable',
  '@external',
  '@requires',
  '@provides',
  '@tag',
  '@inaccessible',
  '@cost',
  '@listSize',
  '@requiresScopes',
  '@authenticated',
];
const federationLink = (imports: readonly string[]) =>
  `extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: [${imports.map((name) => `"${name}"`).join(', ')}])`;

export interface FederatedSchemaExtras {
  /**
   * SDL of Subscription fields declared with `@eventSource` (and their payload and input
   * types), fed by the gateway's subscription engine; the subgraph never executes them.
   */
  readonly subscriptions?: readonly string[];
  /** SDL written outside type-graphql, with its resolvers (e.g. `eventStatusExtension`). */
  readonly extensions?: readonly SchemaExtension[];
}

/** type-graphql classes -> an Apollo Federation 2 subgraph schema, with entity reference resolvers. */
export async function buildFederatedSchema(
  options: Omit<BuildSchemaOptions, 'skipCheck'>,
  referenceResolvers: ReferenceResolvers = {},
  extras: FederatedSchemaExtras = {},
): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    validate: false,
    ...options,
    // `Date` fields are DateTimeISO with the implementation the gateway checks inputs with.
    scalarsMap: [{ type: Date, scalar: DateTimeISOScalar }, ...(options.scalarsMap ?? [])],
    skipCheck: true,
  });
  const resolvers = createResolversMap(schema) as Record<string, Record<string, unknown>>;
  for (const [typeName, reference] of Object.entries(referenceResolvers)) {
    resolvers[typeName] = { ...(resolvers[typeName] ?? {}), ...reference };
  }
  for (const extension of extras.extensions ?? []) {
    for (const [typeName, fields] of Object.entries(extension.resolvers)) {
      resolvers[typeName] = { ...(resolvers[typeName] ?? {}), ...fields };
    }
  }
  const subscriptions = extras.subscriptions ?? [];
  const declared =
    subscriptions.length === 0
      ? [federationLink(federationImports)]
      : [federationLink([...federationImports, '@composeDirective']), eventSourceLinkSdl, eventSourceDirectiveSdl];
  const subgraphSchema = buildSubgraphSchema({
    typeDefs: withConnectionListSizes(
      parse(
        [
          ...declared,
          printSchemaWithDirectives(schema),
          ...subscriptions,
          ...(extras.extensions ?? []).map((extension) => extension.typeDefs),
        ].join('\n'),
      ),
    ),
    resolvers: resolvers as never,
  });
  return withScopeChecks(subgraphSchema);
}
