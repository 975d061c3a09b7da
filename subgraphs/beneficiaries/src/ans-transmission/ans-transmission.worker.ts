import { createPeriodicWorker, type BackgroundWorker } from '@salesgraph/subgraph';
import { describeError, type Logger } from '@salesgraph/logging';
import { collectAnswers, sendQueuedBatches, type AnsTransmitterDeps } from './ans-transmission.service.js';

/** Every `intervalMs`: sends queued batches, then collects the answers of sent ones. */
export function ansTransmitter(
  deps: AnsTransmitterDeps & { readonly intervalMs: number; readonly logger: Logger },
): BackgroundWorker {
  return createPeriodicWorker(deps.intervalMs, async () => {
    try {
      const sent = await sendQueuedBatches(deps);
      const answered = await collectAnswers(deps);
      if (sent || answered) deps.logger.info({ sent, answered }, 'ans transmission pass');
    } catch (error) {
      deps.logger.error({ error: describeError(error) }, 'ans transmission pass failed');
    }
  });
}
