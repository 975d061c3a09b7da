import { mkdirSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketHandler } from '@electric-sql/pglite-socket';
import { SessionGate, type SessionGateStats } from './session-gate.js';

type HandlerQueue = ConstructorParameters<typeof PGLiteSocketHandler>[0]['queryQueue'];

export interface EmbeddedPostgresOptions {
  /** Where PGlite keeps the cluster; created (initdb) when empty. */
  readonly dataDir: string;
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port?: number;
}

export interface EmbeddedPostgres {
  /** postgres:// URL for the `pg` driver. */
  readonly url: string;
  /** How long opening (or creating) the cluster took. */
  readonly openMs: number;
  /** What the session gate did so far, and the client connections open now. */
  stats(): Promise<SessionGateStats & { readonly connections: number }>;
  stop(): Promise<void>;
}

/**
 * PostgreSQL semantics without a server install: PGlite (PostgreSQL compiled to WASM) on a
 * data directory, served over TCP to the normal `pg` driver with pglite-socket's protocol
 * handler, one handler per connection, all sharing one session through the SessionGate.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  mkdirSync(options.dataDir, { recursive: true });
  const opening = performance.now();
  const db = await PGlite.create({ dataDir: options.dataDir });
  const openMs = Math.round(performance.now() - opening);
  const gate = new SessionGate(db);
  const handlers = new Set<PGLiteSocketHandler>();
  const sockets = new Set<Socket>();

  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    const handler = new PGLiteSocketHandler({ queryQueue: gate as unknown as HandlerQueue, closeOnDetach: true });
    handlers.add(handler);
    handler.addEventListener('close', () => handlers.delete(handler));
    handler.addEventListener('error', () => handlers.delete(handler));
    handler.attach(socket).catch(() => socket.destroy());
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;

  return {
    url: `postgres://postgres@${host}:${port}/postgres`,
    openMs,
    stats: async () => ({ ...gate.stats(), connections: sockets.size }),
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const handler of handlers) await handler.detach(true);
      for (const socket of sockets) socket.destroy();
      await closed;
      await db.close();
    },
  };
}
