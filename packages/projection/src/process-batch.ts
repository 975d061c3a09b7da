import type { EventEnvelope } from '@salesgraph/events';
import type { BusMessage } from '@salesgraph/kafka';
import { applyRun, runsOf } from './apply-run.js';
import { inConsumerSpan, type Delivery } from './consume-telemetry.js';
import { parseOrDeadLetter, processMessage, type ProjectionDeps } from './process-message.js';

/**
 * Applies consecutive messages of one partition, as processMessage would one by one, but with
 * one transaction per run of one tenant's events instead of one per event. When a run fails,
 * nothing of it persists and its messages go through processMessage one at a time: the
 * retries, dead letters and redelivery rules are processMessage's. Resolves when all may be committed.
 */
export async function processBatch(deps: ProjectionDeps, messages: readonly BusMessage[]): Promise<void> {
  const deliveries: Delivery[] = [];
  for (const message of messages) {
    const event = await parseOrDeadLetter(deps, message);
    if (event && deps.handlers[event.eventType]) deliveries.push({ message, event });
  }
  // One transaction per run of consecutive events of one tenant.
  for (const run of runsOf(deliveries, (delivery) => delivery.event.tenantId)) {
    let applied: EventEnvelope[];
    try {
      applied = await inConsumerSpan(deps.consumer, run, () =>
        applyRun(
          deps,
          run.map(({ event }) => event),
        ),
      );
    } catch {
      for (const { message } of run) await processMessage(deps, message);
      continue;
    }
    for (const event of applied) deps.onApplied?.(event);
  }
}
