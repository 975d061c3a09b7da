import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { maskError } from '@salesgraph/errors';
import { describeError, type Logger } from '@salesgraph/logging';

/**
 * Apollo `formatError` for the gateway: `maskError` (registered codes keep their safe
 * message; anything else becomes INTERNAL_SERVER_ERROR and is logged by name only), and
 * the gateway's own annotations of subgraph errors (subgraph name, HTTP response) removed.
 */
export function createFormatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const masked = maskError(formatted);
    if (masked.extensions?.code === 'INTERNAL_SERVER_ERROR') {
      const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
      logger.error(
        {
          error: describeError(original),
          path: formatted.path,
          subgraph: formatted.extensions?.['serviceName'],
          correlationId: masked.extensions.correlationId,
        },
        'unexpected error',
      );
    }
    const { serviceName: _serviceName, response: _response, ...extensions } = masked.extensions ?? {};
    return { ...masked, extensions };
  };
}
