import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { appError } from '@salesgraph/errors';
import type { GatewayContext } from './context.js';

type FormatError = (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;

const asGraphQLError = (error: unknown): GraphQLError =>
  error instanceof GraphQLError ? error : new GraphQLError('value completion failed');

/**
 * No response leaves with `data: null` (or a missing non-null field) and no error saying why.
 * Apollo Gateway reports null values in non-null positions that it found after the subgraph
 * fetches (`Cannot return null for non-nullable field ...`) in `extensions.valueCompletion`
 * and not in `errors` when the fetches themselves had none; those become errors with their
 * paths, through the gateway's `formatError` (so masked: INTERNAL_SERVER_ERROR, logged). Any
 * other result with `data: null` and no errors gets an INTERNAL_SERVER_ERROR too.
 */
export function completeResponses(formatError: FormatError): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          const { valueCompletion, ...extensions } = result.extensions ?? {};
          const errors = [...(result.errors ?? [])];
          if (Array.isArray(valueCompletion)) {
            for (const error of valueCompletion.map(asGraphQLError)) errors.push(formatError(error.toJSON(), error));
          }
          if (errors.length === 0 && 'data' in result && result.data === null) {
            const error = appError('INTERNAL_SERVER_ERROR', 'The operation produced no data');
            errors.push(formatError(error.toJSON(), error));
          }
          if (valueCompletion === undefined && errors.length === (result.errors?.length ?? 0)) return;
          const { extensions: _replaced, ...rest } = result;
          response.body.singleResult = {
            ...rest,
            errors,
            ...(Object.keys(extensions).length > 0 ? { extensions } : {}),
          };
        },
      };
    },
  };
}
