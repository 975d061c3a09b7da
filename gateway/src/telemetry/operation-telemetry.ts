import type { ApolloServerPlugin } from '@apollo/server';
import { operationTelemetryPlugin, type Registry } from '@salesgraph/telemetry';
import type { GatewayContext } from '../context.js';

/**
 * The gateway's operation span and RED metrics (`salesgraph_gateway_operation_*`): the
 * request's server span (packages/http) becomes `<type> <name>` with the document's hash, the
 * client (apollographql-client-name) and the caller's tenant — never the subject, variables or
 * anything personal. Apollo Gateway adds its own `gateway.plan`, `gateway.execute` and
 * `gateway.fetch` spans under it; each subgraph request adds a client span (subgraph-fetch.ts).
 */
export function gatewayOperationTelemetry(registry: Registry): ApolloServerPlugin<GatewayContext> {
  return operationTelemetryPlugin<GatewayContext>({
    registry,
    prefix: 'salesgraph_gateway',
    describe: (context) => ({ 'salesgraph.tenant': context.identity.tenant }),
  });
}
