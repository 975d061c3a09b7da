import { GraphQLError, parse, type DocumentNode, type FormattedExecutionResult } from 'graphql';
import type { Identity } from '@salesgraph/auth';
import { appError } from '@salesgraph/errors';
import type { ApolloServer } from '@apollo/server';
import type { GatewayContext } from '../context.js';
import type { OperationPayload } from '../subscriptions/operation-request.js';
import { executeSocketOperation } from '../subscriptions/socket-operations.js';
import type { SubscriptionService } from '../subscriptions/subscription-service.js';
import { forbiddenError, type ScopedSchema } from './scope-authorization.js';
import { filterByScopes } from './scope-filter.js';

/** FORBIDDEN for every field of `document` the caller's scopes do not allow (empty: all allowed). */
function scopeErrors(document: DocumentNode, schema: ScopedSchema, identity: Identity): GraphQLError[] {
  const { removed } = filterByScopes(document, schema.apiSchema, schema.requirements, identity.scopes);
  return removed.map((field) => {
    const { message, extensions } = forbiddenError(field);
    return new GraphQLError(message, { path: [...field.path], extensions });
  });
}

/**
 * Subscriptions of the public contract on `/public/graphql` (graphql-ws and SSE): the same
 * engine as `/graphql`, seen through the contract's schema, so a subscription naming a
 * non-public field is refused at validation; one naming a field the token's scopes do not
 * allow is refused with FORBIDDEN per field (a stream is not narrowed: it would deliver
 * something else than what was asked, for as long as it lives). Entities are loaded as the
 * subscriber, and subgraphs check the scopes of a client again.
 */
export function publicSubscriptionService(
  engine: SubscriptionService,
  schema: () => ScopedSchema | undefined,
): SubscriptionService {
  return {
    get schema() {
      return schema()?.apiSchema ?? null;
    },
    get validationRules() {
      return engine.validationRules;
    },
    subscribe(request, identity, transport) {
      const current = schema();
      if (!current) return [appError('INTERNAL_SERVER_ERROR', 'Subscriptions are not available')];
      const errors = scopeErrors(request.document, current, identity);
      return errors.length > 0 ? errors : engine.subscribe(request, identity, transport);
    },
  };
}

/** Queries and mutations sent over a public socket: the contract's Apollo Server, scopes checked first. */
export function publicSocketOperations(apollo: ApolloServer<GatewayContext>, schema: () => ScopedSchema | undefined) {
  return async (payload: OperationPayload, identity: Identity): Promise<FormattedExecutionResult> => {
    const current = schema();
    if (!current) return { errors: [appError('INTERNAL_SERVER_ERROR', 'The graph is not loaded yet').toJSON()] };
    const errors = scopeErrors(parse(payload.query), current, identity);
    if (errors.length > 0) return { errors: errors.map((error) => error.toJSON()) };
    return executeSocketOperation(apollo, payload, identity);
  };
}
