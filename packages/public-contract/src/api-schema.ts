import { Supergraph } from '@apollo/federation-internals';
import { lexicographicSortSchema, printSchema } from 'graphql';

/**
 * The API schema of a composed (contract) supergraph as clients see it: federation's own
 * types and directives and every `@inaccessible` element removed — what `@apollo/gateway`
 * validates documents against. Printed sorted, so the committed file diffs well.
 */
export function printApiSchema(supergraphSdl: string): string {
  const apiSchema = Supergraph.build(supergraphSdl, { supportedFeatures: null }).apiSchema().toGraphQLJSSchema();
  return `${printSchema(lexicographicSortSchema(apiSchema))}\n`;
}
