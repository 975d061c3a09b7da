import { createServer } from 'node:http';
import { freePort } from '@salesgraph/testkit';

export interface OtlpSink {
  /** Base URL for OTEL_EXPORTER_OTLP_ENDPOINT. */
  readonly url: string;
  /** Export requests received so far. */
  exports(): number;
  close(): Promise<void>;
}

/**
 * Where a traced gateway exports its spans during a benchmark: accepts OTLP/HTTP exports, answers
 * as a collector does and keeps nothing — the cost measured is the gateway's (spans, batching,
 * encoding, sending), not a collector's.
 */
export async function startOtlpSink(): Promise<OtlpSink> {
  let received = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received++;
      res.writeHead(200, { 'content-type': req.headers['content-type'] ?? 'application/x-protobuf' }).end();
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    exports: () => received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
