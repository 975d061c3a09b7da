import { Worker } from 'node:worker_threads';
import type { EmbeddedPostgres, EmbeddedPostgresOptions } from './embedded-postgres.js';
import type { SessionGateStats } from './session-gate.js';

type FromWorker =
  | { type: 'ready'; url: string; openMs: number }
  | { type: 'failed'; error: string }
  | { type: 'stats'; id: number; stats: SessionGateStats & { connections: number } }
  | { type: 'stopped'; error?: string };

/**
 * The embedded PostgreSQL in a worker thread: PGlite executes WASM synchronously, so on the
 * main thread every statement would stall the gateway and the subgraphs for its duration.
 */
export async function startEmbeddedPostgresThread(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const worker = new Worker(new URL('./postgres.worker.js', import.meta.url), { workerData: options });
  const listeners = new Set<(message: FromWorker) => void>();
  worker.on('message', (message: FromWorker) => {
    for (const listener of listeners) listener(message);
  });
  const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
  const receive = <T extends FromWorker['type']>(
    type: T,
    match: (message: Extract<FromWorker, { type: T }>) => boolean = () => true,
  ) =>
    new Promise<Extract<FromWorker, { type: T }>>((resolve, reject) => {
      const listener = (message: FromWorker) => {
        if (message.type === 'failed') {
          listeners.delete(listener);
          reject(new Error(`embedded PostgreSQL failed to start: ${message.error}`));
        } else if (message.type === type && match(message as Extract<FromWorker, { type: T }>)) {
          listeners.delete(listener);
          resolve(message as Extract<FromWorker, { type: T }>);
        }
      };
      listeners.add(listener);
      void exited.then((code) => reject(new Error(`embedded PostgreSQL thread exited (${code})`)));
    });
  const ready = await receive('ready');
  let statsId = 0;
  return {
    url: ready.url,
    openMs: ready.openMs,
    async stats() {
      const id = ++statsId;
      const reply = receive('stats', (message) => message.id === id);
      worker.postMessage({ type: 'stats', id });
      return (await reply).stats;
    },
    async stop() {
      const stopped = receive('stopped');
      worker.postMessage({ type: 'stop' });
      const result = await stopped.catch(() => ({ type: 'stopped' as const, error: 'the thread exited' }));
      await worker.terminate();
      if (result.error) throw new Error(`embedded PostgreSQL did not stop cleanly: ${result.error}`);
    },
  };
}
