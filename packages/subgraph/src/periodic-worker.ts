import type { BackgroundWorker } from './subgraph-service.js';

/**
 * A BackgroundWorker running `pass` every `intervalMs` (counted from the end of the previous
 * pass, so passes never overlap). `pass` handles its own errors; stop() waits for the pass
 * under way.
 */
export function createPeriodicWorker(intervalMs: number, pass: () => Promise<void>): BackgroundWorker {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = true;
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = pass().finally(() => {
        running = null;
        schedule();
      });
    }, intervalMs);
  };
  return {
    start() {
      stopped = false;
      schedule();
      return Promise.resolve();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
