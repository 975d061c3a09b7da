import { createServer, type IncomingHttpHeaders } from 'node:http';
import { listen, closeHttpServer } from '@salesgraph/http';

/** A request as a local stand-in for an external API received it. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface LocalReply {
  readonly status: number;
  readonly headers?: Record<string, string>;
  /** An object is sent as JSON; a string or Buffer as is. */
  readonly body?: unknown;
}

export interface LocalHttpServer {
  /** http://127.0.0.1:<port>, no trailing slash. */
  readonly url: string;
  /** Every request received, in order. */
  readonly requests: readonly RecordedRequest[];
  close(): Promise<void>;
}

/**
 * An HTTP server on 127.0.0.1 and a free port, for tests that stand in for an external API
 * (Adobe Sign, the regulator, an SMS gateway): `reply` implements the documented exchange.
 */
export async function startLocalHttpServer(
  reply: (request: RecordedRequest) => LocalReply | Promise<LocalReply>,
): Promise<LocalHttpServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const request: RecordedRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      requests.push(request);
      Promise.resolve()
        .then(() => reply(request))
        .then(
          (answer) => {
            const json = answer.body !== undefined && typeof answer.body === 'object' && !Buffer.isBuffer(answer.body);
            const body = json ? JSON.stringify(answer.body) : ((answer.body as string | Buffer | undefined) ?? '');
            res.writeHead(answer.status, {
              ...(json ? { 'content-type': 'application/json' } : {}),
              ...answer.headers,
            });
            res.end(body);
          },
          () => {
            res.writeHead(500, { 'content-type': 'application/json' });
            res.end('{"code":"MISC_SERVER_ERROR","message":"the local server failed"}');
          },
        );
    });
  });
  const port = await listen(server, 0, '127.0.0.1');
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => closeHttpServer(server),
  };
}
