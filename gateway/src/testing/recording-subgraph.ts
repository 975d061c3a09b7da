import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

export interface ReceivedRequest {
  readonly headers: IncomingHttpHeaders;
  readonly body: { query: string; variables?: Record<string, unknown> };
}

export type Answer = { status?: number; body: unknown };

export interface RecordingSubgraph {
  readonly server: Server;
  /** Every request received so far, in order. */
  readonly received: ReceivedRequest[];
  readonly url: string;
  /** How the next requests are answered (may hold a request in flight by not resolving yet). */
  answerWith(answer: (request: ReceivedRequest) => Answer | Promise<Answer>): void;
  close(): Promise<void>;
}

/**
 * Stands in for a subgraph at the HTTP level: records what the gateway sends and answers
 * what the test says, when the test says. Its request count is how tests prove that a refused
 * request never reached a subgraph.
 */
export async function startRecordingSubgraph(): Promise<RecordingSubgraph> {
  const received: ReceivedRequest[] = [];
  let answer: (request: ReceivedRequest) => Answer | Promise<Answer> = () => ({ body: { data: null } });
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      const request = { headers: req.headers, body: JSON.parse(raw) as ReceivedRequest['body'] };
      received.push(request);
      void Promise.resolve(answer(request)).then(({ status = 200, body }) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(typeof body === 'string' ? body : JSON.stringify(body));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    server,
    received,
    url: `http://127.0.0.1:${port}/graphql`,
    answerWith(next) {
      answer = next;
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
