import type { ApolloServerPlugin, BaseContext, GraphQLRequestContext } from '@apollo/server';
import { trace, type Attributes } from '@opentelemetry/api';
import { Counter, Histogram, type Registry } from 'prom-client';
import { boundedLabel, latencyBuckets } from './metrics-registry.js';

export interface OperationTelemetryOptions<C extends BaseContext> {
  readonly registry: Registry;
  /** Metric name prefix: `salesgraph_gateway`, `salesgraph_subgraph`. */
  readonly prefix: string;
  /** Span attributes of the caller (tenant, client): never personal data. */
  readonly describe?: (context: C) => Attributes;
}

/** Operation names kept as label values per process; more distinct names count as `other`. */
const OPERATION_NAMES = 200;

function errorCodes(context: GraphQLRequestContext<BaseContext>): string[] {
  return (context.errors ?? []).map((error) => {
    const code = error.extensions?.['code'];
    return typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR';
  });
}

/**
 * RED per operation — `<prefix>_operation_duration_seconds{operation,type}` (its `_count` is
 * the request rate) and `<prefix>_operation_errors_total{operation,type,code}` — and the
 * request's server span named and described as the GraphQL semantic conventions say
 * (`query DealBoard`, graphql.operation.name/type, the document's hash; never the document's
 * variables). Anonymous operations are `anonymous`; unparsable ones `invalid`.
 */
export function operationTelemetryPlugin<C extends BaseContext>(
  options: OperationTelemetryOptions<C>,
): ApolloServerPlugin<C> {
  const label = boundedLabel(OPERATION_NAMES);
  const duration = new Histogram({
    name: `${options.prefix}_operation_duration_seconds`,
    help: 'GraphQL operations from request start to response, by operation name and type.',
    labelNames: ['operation', 'type'],
    buckets: latencyBuckets,
    registers: [options.registry],
  });
  const errors = new Counter({
    name: `${options.prefix}_operation_errors_total`,
    help: 'Errors in GraphQL responses, by operation and error code (one per error).',
    labelNames: ['operation', 'type', 'code'],
    registers: [options.registry],
  });
  return {
    async requestDidStart({ request, contextValue }) {
      const started = process.hrtime.bigint();
      const span = trace.getActiveSpan();
      if (span && options.describe) span.setAttributes(options.describe(contextValue));
      const client = request.http?.headers.get('apollographql-client-name');
      if (span && client) span.setAttribute('graphql.client.name', client.slice(0, 100));
      return {
        async didResolveOperation(context) {
          if (!span || !context.operation) return;
          const type = context.operation.operation;
          const name = context.operationName ?? 'anonymous';
          span.updateName(`${type} ${name}`);
          span.setAttributes({
            'graphql.operation.name': name,
            'graphql.operation.type': type,
            'graphql.document.hash': context.queryHash,
          });
        },
        async willSendResponse(context) {
          const type = context.operation?.operation ?? 'invalid';
          const operation = label(context.operation ? (context.operationName ?? 'anonymous') : 'invalid');
          duration.observe({ operation, type }, Number(process.hrtime.bigint() - started) / 1e9);
          for (const code of errorCodes(context)) errors.inc({ operation, type, code });
        },
      };
    },
  };
}
