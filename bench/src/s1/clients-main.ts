import { createInterface } from 'node:readline';
import WebSocket from 'ws';

/**
 * One S1 client process: opens `connections` graphql-ws connections (the graphql-transport-ws
 * protocol, spoken directly over `ws` so the client stays cheap), each subscribing to
 * dealChanged and pipelineChanged. Every event message's delay is now - its occurredAt.
 * stdout: `READY <n>` once all are subscribed, `PROGRESS <received>` every 250 ms;
 * stdin `REPORT` -> `RESULT <json>` (latency histogram by whole ms, counts, closes after
 * connection_ack, connections opened again after a retryable refusal).
 * argv: <ws url> <token> <connections>.
 */
const [url, token, countArg] = process.argv.slice(2);
if (!url || !token || !countArg) throw new Error('usage: clients-main <ws url> <token> <connections>');
const connections = Number(countArg);
const histogram = new Map<number, number>();
let received = 0;
let snapshots = 0;
let errors = 0;
let closes = 0;
let retries = 0;
let subscribed = 0;
const sockets: WebSocket[] = [];

const subscription = {
  dealChanged: 'subscription { dealChanged { eventId eventType occurredAt deal { id title stage } } }',
  pipelineChanged: 'subscription { pipelineChanged { eventId eventType occurredAt pipeline { openDeals } } }',
};

/** A connection refused before connection_ack for a reason the graphql-ws client retries (a busy gateway's init deadline, 4408; its keys unavailable, 1013). */
class RetryableClose extends Error {}
const retryableCodes = new Set([4408, 1013]);

function open(): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url as string, 'graphql-transport-ws');
    sockets.push(socket);
    let acked = false;
    socket.on('open', () =>
      socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })),
    );
    socket.on('message', (raw: Buffer) => {
      const message = JSON.parse(raw.toString('utf8')) as {
        type: string;
        id?: string;
        payload?: { data?: Record<string, { eventType: string; occurredAt: string }> };
      };
      if (message.type === 'connection_ack') {
        acked = true;
        socket.send(JSON.stringify({ id: 'd', type: 'subscribe', payload: { query: subscription.dealChanged } }));
        socket.send(JSON.stringify({ id: 'p', type: 'subscribe', payload: { query: subscription.pipelineChanged } }));
        subscribed += 1;
        resolve();
      } else if (message.type === 'next') {
        const value = message.payload?.data?.[message.id === 'd' ? 'dealChanged' : 'pipelineChanged'];
        if (!value) {
          errors += 1;
          return;
        }
        if (value.eventType === 'snapshot') {
          snapshots += 1;
          return;
        }
        const delay = Math.max(0, Math.round(Date.now() - Date.parse(value.occurredAt)));
        histogram.set(delay, (histogram.get(delay) ?? 0) + 1);
        received += 1;
      } else if (message.type === 'ping') socket.send('{"type":"pong"}');
      else if (message.type === 'error') errors += 1;
    });
    socket.on('close', (code, reason) => {
      if (acked) closes += 1;
      else
        reject(
          new (retryableCodes.has(code) ? RetryableClose : Error)(
            `closed before connection_ack: ${code} ${reason.toString('utf8')}`,
          ),
        );
    });
    socket.on('error', (error) => {
      if (!acked) reject(error);
    });
  });
}

/** Opens one connection, trying again (up to 5 times, backing off) when the gateway asks to, as the graphql-ws client does. */
async function connect(): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await open();
    } catch (error) {
      if (attempt >= 5 || !(error instanceof RetryableClose)) throw error;
      retries += 1;
      await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
    }
  }
}

// Open in batches, so the gateway's token checks are not one burst of thousands.
for (let i = 0; i < connections; i += 50) {
  await Promise.all(Array.from({ length: Math.min(50, connections - i) }, () => connect()));
}
process.stdout.write(`READY ${subscribed}\n`);
const progress = setInterval(() => process.stdout.write(`PROGRESS ${received}\n`), 250);
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() !== 'REPORT') return;
  clearInterval(progress);
  process.stdout.write(
    `RESULT ${JSON.stringify({ received, snapshots, errors, closes, retries, histogram: [...histogram] })}\n`,
  );
  for (const socket of sockets) socket.terminate();
  process.exit(0);
});
