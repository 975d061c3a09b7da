import http from 'node:http';

/**
 * Preloaded into a subgraph process (`node --import <this file> main.js`) by the bench: counts
 * the POST requests its HTTP servers receive and reports the count on BENCH_COUNTER_PORT
 * (GET, plain text). Nothing of the subgraph changes; this is how G2 counts subgraph requests
 * per operation alike for every gateway.
 */
let posts = 0;
const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function countingEmit(
  this: http.Server,
  event: string | symbol,
  ...args: unknown[]
): boolean {
  if (event === 'request' && (args[0] as http.IncomingMessage).method === 'POST') posts += 1;
  return (emit as (this: http.Server, event: string | symbol, ...rest: unknown[]) => boolean).call(
    this,
    event,
    ...args,
  );
} as typeof emit;
const port = Number(process.env['BENCH_COUNTER_PORT'] ?? '0');
if (port > 0) {
  const counter = http.createServer((_request, response) => response.end(String(posts)));
  counter.listen(port, '127.0.0.1');
  counter.unref();
}
