import { Agent as HttpAgent, request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';

/** One HTTP answer of a subgraph, its body read whole. */
export interface SubgraphAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly cacheControl: string | null;
  readonly body: string;
}

/**
 * The timeouts global fetch (undici) applied before this client replaced it: 10 s to connect,
 * then 300 s without a byte (waiting for the headers or between body chunks) aborts the request.
 */
const CONNECT_TIMEOUT_MS = 10_000;
const IDLE_TIMEOUT_MS = 300_000;

// Kept-alive connections shared by every subgraph of a scheme, as fetch's global dispatcher
// did (no per-origin limit); idle sockets do not keep the process alive.
const agents = {
  'http:': new HttpAgent({ keepAlive: true, timeout: IDLE_TIMEOUT_MS }),
  'https:': new HttpsAgent({ keepAlive: true, timeout: IDLE_TIMEOUT_MS }),
};

class SubgraphTimeout extends Error {
  override readonly name = 'SubgraphTimeout';
}

/** A fresh connection gets CONNECT_TIMEOUT_MS to connect, then the agent's idle timeout again. */
function limitConnect(socket: Socket): void {
  if (!socket.connecting) return;
  socket.setTimeout(CONNECT_TIMEOUT_MS);
  socket.once('connect', () => socket.setTimeout(IDLE_TIMEOUT_MS));
}

function readAnswer(response: IncomingMessage, resolve: (answer: SubgraphAnswer) => void, reject: (error: Error) => void): void {
  const chunks: Buffer[] = [];
  response.on('data', (chunk: Buffer) => chunks.push(chunk));
  response.on('error', reject);
  response.on('end', () => {
    const body = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8');
    const contentType = response.headers['content-type'] ?? '';
    resolve({ status: response.statusCode ?? 0, contentType, cacheControl: response.headers['cache-control'] ?? null, body });
  });
}

/** Where a subgraph is, from its routing URL (parsed once); undefined when it is not an http(s) URL. */
export interface SubgraphEndpoint {
  readonly https: boolean;
  readonly hostname: string;
  readonly port: string;
  readonly path: string;
}

export function subgraphEndpoint(url: string): SubgraphEndpoint | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  // node:http wants an IPv6 address without the URL's brackets.
  const hostname = parsed.hostname.startsWith('[') ? parsed.hostname.slice(1, -1) : parsed.hostname;
  return { https: parsed.protocol === 'https:', hostname, port: parsed.port, path: parsed.pathname + parsed.search };
}

/**
 * POSTs `body` to a subgraph with exactly `headers` (plus host, content length and connection)
 * over node:http(s). Global fetch cost about three times the CPU per exchange (a Request,
 * Headers and a web ReadableStream per call: G1 profile of ours-unshared).
 */
export function postToSubgraph(endpoint: SubgraphEndpoint, headers: Readonly<Record<string, string>>, body: string): Promise<SubgraphAnswer> {
  return new Promise((resolve, reject) => {
    const outgoing: OutgoingHttpHeaders = { ...headers, 'content-length': Buffer.byteLength(body) };
    const { https, hostname, port, path } = endpoint;
    const request = (https ? httpsRequest : httpRequest)(
      { agent: https ? agents['https:'] : agents['http:'], hostname, port, path, method: 'POST', headers: outgoing },
      (response) => readAnswer(response, resolve, reject),
    );
    request.on('error', reject);
    request.on('socket', limitConnect);
    request.on('timeout', () => request.destroy(new SubgraphTimeout('no answer in time')));
    request.end(body);
  });
}
