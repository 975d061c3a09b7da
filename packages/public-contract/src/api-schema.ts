import { Supergraph } from '@apollo/federation-internals';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';

/** The API schema of a composed supergraph: what `@apollo/gateway` serves and validates documents against. */
export function apiSchemaOf(supergraphSdl: string): GraphQLSchema {
  return Supergraph.build(supergraphSdl, { supportedFeatures: null }).apiSchema().toGraphQLJSSchema();
}

/**
 * The API schema of a composed (contract) supergraph as clients see it: federation's own
 * types and directives and every `@inaccessible` element removed — what `@apollo/gateway`
 * validates documents against. Printed sorted, so the committed file diffs well.
 */
export function printApiSchema(supergraphSdl: string): string {
  return `${printSchema(lexicographicSortSchema(apiSchemaOf(supergraphSdl)))}\n`;
}
