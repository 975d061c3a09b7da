import { parentPort, workerData } from 'node:worker_threads';
import { startEmbeddedPostgres, type EmbeddedPostgresOptions } from './embedded-postgres.js';

/** Worker-thread entry: runs PGlite and its socket server off the main event loop. */
const port = parentPort!;
try {
  const postgres = await startEmbeddedPostgres(workerData as EmbeddedPostgresOptions);
  port.on('message', (message: { type: 'stop' } | { type: 'stats'; id: number }) => {
    if (message.type === 'stats')
      void postgres.stats().then((stats) => port.postMessage({ type: 'stats', id: message.id, stats }));
    if (message.type === 'stop') {
      postgres.stop().then(
        () => port.postMessage({ type: 'stopped' }),
        (error: unknown) => port.postMessage({ type: 'stopped', error: String(error) }),
      );
    }
  });
  port.postMessage({ type: 'ready', url: postgres.url, openMs: postgres.openMs });
} catch (error) {
  port.postMessage({
    type: 'failed',
    error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
  });
}
