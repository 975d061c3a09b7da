import { Agent } from 'undici';

/** One HTTP answer of a subgraph, its body read whole. */
export interface SubgraphAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly cacheControl: string | null;
  readonly body: string;
}

/** Where a subgraph is, from its routing URL (parsed once). */
export interface SubgraphEndpoint {
  readonly origin: string;
  readonly path: string;
}

/** How long a subgraph exchange may take when the caller gives no timeout. */
export const DEFAULT_SUBGRAPH_TIMEOUT_MS = 30_000;

/**
 * Kept-alive connections for every subgraph: 10 s to connect, no limit of connections per
 * origin. Each request sets its own headers and body timeouts (`postToSubgraph`).
 */
const agent = new Agent({ connect: { timeout: 10_000 } });

/** The endpoint of an http(s) routing URL; undefined for anything else. */
export function subgraphEndpoint(url: string): SubgraphEndpoint | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  return { origin: parsed.origin, path: parsed.pathname + parsed.search };
}

/** A response header as fetch's Headers.get gave it: repeated values joined with ", ". */
const header = (value: string | string[] | undefined): string | null =>
  value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;

/**
 * POSTs `body` to a subgraph with exactly `headers` (plus host, content length and connection)
 * through undici's request API. Global fetch cost about three times the CPU per exchange (a
 * Request, Headers and a web ReadableStream per call: G1 profile of ours-unshared), node:http
 * about 10% more than this. The response headers must arrive within `timeoutMs`, and no gap
 * between body chunks may last longer (undici's own timers, no AbortSignal per request);
 * otherwise it rejects (a timeout error), as for a refused connection.
 */
export async function postToSubgraph(
  endpoint: SubgraphEndpoint,
  headers: Readonly<Record<string, string>>,
  body: string,
  timeoutMs = DEFAULT_SUBGRAPH_TIMEOUT_MS,
): Promise<SubgraphAnswer> {
  const response = await agent.request({
    origin: endpoint.origin,
    path: endpoint.path,
    method: 'POST',
    headers,
    body,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  const text = await response.body.text();
  return {
    status: response.statusCode,
    contentType: header(response.headers['content-type']) ?? '',
    cacheControl: header(response.headers['cache-control']),
    body: text,
  };
}
