import { SpanKind, SpanStatusCode, inSpan, traceHeaders } from '@salesgraph/telemetry';
import type { GatewayMetrics } from '../metrics.js';
import type { SubgraphAnswer } from '../subgraph-http.js';

/**
 * One request to a subgraph, timed (`salesgraph_gateway_subgraph_request_duration_seconds`) and
 * traced: a client span whose W3C `traceparent`/`tracestate` go into `headers`, so the subgraph's
 * server span continues the trace. Lives at the HTTP level, so any executor's fetches get it.
 */
export async function fetchFromSubgraph(
  subgraph: string,
  metrics: GatewayMetrics,
  headers: Record<string, string>,
  send: () => Promise<SubgraphAnswer>,
): Promise<SubgraphAnswer> {
  const done = metrics.subgraphRequest(subgraph);
  try {
    return await inSpan(
      `POST ${subgraph}`,
      {
        kind: SpanKind.CLIENT,
        attributes: { 'salesgraph.subgraph': subgraph, 'http.request.method': 'POST' },
      },
      async (span) => {
        Object.assign(headers, traceHeaders());
        const answer = await send();
        span.setAttribute('http.response.status_code', answer.status);
        if (answer.status >= 400) span.setStatus({ code: SpanStatusCode.ERROR, message: `HTTP ${answer.status}` });
        return answer;
      },
    );
  } finally {
    done();
  }
}
