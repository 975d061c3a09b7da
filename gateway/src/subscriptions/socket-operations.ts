import type { ApolloServer } from '@apollo/server';
import type { FormattedExecutionResult } from 'graphql';
import type { Identity } from '@salesgraph/auth';
import type { GatewayContext } from '../context.js';
import type { OperationPayload } from './operation-request.js';

/**
 * A query or mutation sent over a socket or stream (graphql-ws, SSE), run by an endpoint's
 * Apollo Server as the connection's identity: the internal endpoint's, or the public contract's.
 */
export async function executeSocketOperation(
  apollo: ApolloServer<GatewayContext>,
  payload: OperationPayload,
  identity: Identity,
): Promise<FormattedExecutionResult> {
  const response = await apollo.executeOperation(
    {
      query: payload.query,
      variables: { ...(payload.variables ?? {}) },
      operationName: payload.operationName ?? undefined,
    },
    { contextValue: { identity } },
  );
  if (response.body.kind !== 'single') throw new Error('incremental delivery is not supported here');
  return response.body.singleResult;
}
