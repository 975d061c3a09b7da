import { randomUUID } from 'node:crypto';
import { createEvent, topics } from '@salesgraph/events';
import type { BusProducer } from '@salesgraph/kafka';
import { waitFor } from '@salesgraph/testkit';
import { cnpjFor } from '@salesgraph/seed';

export interface ThroughputRound {
  readonly eventsPerSec: number;
  readonly seconds: number;
  readonly produceSeconds: number;
}

/**
 * One throughput round: `total` company.created events of fresh companies produced in batches of
 * 500; events/s = events / (last summary row committed - first event sent). `firstCnpj` keeps the
 * rounds' CNPJs apart.
 */
export async function throughputRound(options: {
  readonly producer: BusProducer;
  readonly tenant: string;
  readonly total: number;
  readonly firstCnpj: number;
  readonly visibleAt: ReadonlyMap<string, number>;
}): Promise<ThroughputRound> {
  const { producer, tenant, total, firstCnpj, visibleAt } = options;
  const ids = Array.from({ length: total }, () => randomUUID());
  const batches: { key: string; value: string }[][] = [];
  for (let i = 0; i < total; i += 500) {
    batches.push(
      ids.slice(i, i + 500).map((id, j) => {
        const event = createEvent({
          eventType: 'company.created',
          tenantId: tenant,
          aggregateType: 'company',
          aggregateId: id,
          aggregateVersion: 1,
          source: 'accounts',
          actor: null,
          data: {
            company: {
              id,
              legalName: `Bench K1 ${firstCnpj + i + j}`,
              tradeName: null,
              cnpj: cnpjFor(firstCnpj + i + j),
              industry: null,
              employeeCount: 10,
              segment: 'SMB',
              ownerId: 'bench',
              parentId: null,
            },
          },
        });
        return { key: id, value: JSON.stringify(event) };
      }),
    );
  }
  const firstSent = performance.now();
  for (const batch of batches) await producer.send(topics.company, batch);
  const produced = performance.now();
  await waitFor(async () => ids.every((id) => visibleAt.has(id)), {
    timeoutMs: Math.max(120_000, total * 20),
    intervalMs: 100,
    description: `${total} summary rows`,
  });
  const lastVisible = Math.max(...ids.map((id) => visibleAt.get(id) ?? 0));
  const seconds = (lastVisible - firstSent) / 1000;
  return { eventsPerSec: total / seconds, seconds, produceSeconds: (produced - firstSent) / 1000 };
}
