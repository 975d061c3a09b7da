import type { BackgroundWorker } from '@salesgraph/subgraph';
import { describeError, type Logger } from '@salesgraph/logging';
import { collectAnswers, sendQueuedBatches, type AnsTransmitterDeps } from './ans-transmission.service.js';

/**
 * Runs the transmission every `intervalMs`: sends queued batches, then collects the answers
 * of sent ones. One pass at a time; stop() waits for the pass under way.
 */
export function ansTransmitter(
  deps: AnsTransmitterDeps & { readonly intervalMs: number; readonly logger: Logger },
): BackgroundWorker {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = true;

  const pass = async () => {
    try {
      const sent = await sendQueuedBatches(deps);
      const answered = await collectAnswers(deps);
      if (sent || answered) deps.logger.info({ sent, answered }, 'ans transmission pass');
    } catch (error) {
      deps.logger.error({ error: describeError(error) }, 'ans transmission pass failed');
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = pass().finally(() => {
        running = null;
        schedule();
      });
    }, deps.intervalMs);
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
