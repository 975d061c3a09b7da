import '../../apollo-telemetry-off.js';
import { ApolloGateway } from '@apollo/gateway';
import { supergraphForApolloGateway } from '@salesgraph/public-contract';
import type { GraphQLSchema } from 'graphql';

/** The API schema clients validate against, as the gateway derives it from a supergraph. */
export async function apiSchemaOf(supergraphSdl: string): Promise<GraphQLSchema> {
  const gateway = new ApolloGateway({
    supergraphSdl: supergraphForApolloGateway(supergraphSdl),
    logger: { debug() {}, info() {}, warn() {}, error() {} },
  });
  const { schema } = await gateway.load();
  await gateway.stop();
  return schema;
}
