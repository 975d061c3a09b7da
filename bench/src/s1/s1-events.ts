import { randomUUID } from 'node:crypto';
import { createEvent, topics } from '@salesgraph/events';
import type { BusProducer } from '@salesgraph/kafka';

/** The tenant and the deals every S1 event is about. */
export const tenant = 'bench-s1';
export const dealIds = Array.from({ length: 50 }, () => randomUUID());
const pipelineId = randomUUID();

function makeEvent(index: number) {
  if (index % 2 === 1) {
    const totals = { count: 50, totalValue: '5000000.00', weightedValue: '1000000.00' };
    return {
      topic: topics.pipeline,
      event: createEvent({
        eventType: 'pipeline.summary_changed',
        tenantId: tenant,
        aggregateType: 'pipeline',
        aggregateId: pipelineId,
        aggregateVersion: index + 1,
        source: 'deals',
        actor: null,
        data: { stages: [{ stage: 'PROPOSAL', ...totals }], totals },
      }),
    };
  }
  const id = dealIds[(index / 2) % dealIds.length] as string;
  const deal = {
    id,
    companyId: '00000000-0000-4000-8000-000000000001',
    ownerId: 'bench',
    title: `Deal ${id.slice(0, 8)}`,
    stage: 'PROPOSAL' as const,
    estimatedValue: '100000.00',
    estimatedLives: 100,
    probability: 40,
    expectedCloseDate: null,
  };
  return {
    topic: topics.deal,
    event: createEvent({
      eventType: 'deal.updated',
      tenantId: tenant,
      aggregateType: 'deal',
      aggregateId: id,
      aggregateVersion: index + 1,
      source: 'deals',
      actor: null,
      data: { deal, changed: ['title'] },
    }),
  };
}

/** Publishes S1 event number `index`: deal.updated and pipeline.summary_changed alternate. */
export async function publish(producer: BusProducer, index: number): Promise<void> {
  const { topic, event } = makeEvent(index);
  await producer.send(topic, [{ key: event.aggregateId, value: JSON.stringify(event) }]);
}
