import type { EntityManager } from '@mikro-orm/postgresql';
import type { MessageBus } from '@salesgraph/kafka';
import { createProjectionConsumer, type ProjectionDefinition } from './projection-consumer.js';

export interface RebuildOptions {
  readonly definition: ProjectionDefinition;
  readonly bus: MessageBus;
  readonly em: EntityManager;
  readonly schema: string;
  /** Poll interval while waiting for the replay to catch up. */
  readonly pollMs?: number;
  readonly onProgress?: (remaining: number) => void;
}

export class RebuildError extends Error {}

/**
 * Rebuilds one projection from the beginning of its topics: empties its tables and its inbox
 * rows in one transaction, rewinds its consumer group, and replays until the lag is zero.
 * Run it while the subgraph's consumer for this projection is stopped (the group must be idle).
 * The result equals the incremental one because handlers replace per-aggregate state.
 */
export async function rebuildProjection(options: RebuildOptions): Promise<{ applied: number; ms: number }> {
  const { definition, bus, schema } = options;
  if (!definition.tables?.length) throw new RebuildError(`${definition.name} declares no tables to rebuild`);
  const started = Date.now();
  try {
    await bus.ensureTopics(definition.topics);
    await bus.resetGroup(definition.name, definition.topics);
  } catch (error) {
    throw new RebuildError(`cannot rewind consumer group ${definition.name} (stop the subgraph's consumers first): ${(error as Error).message}`);
  }
  await options.em.fork().transactional(async (tx) => {
    await tx.execute(`truncate ${definition.tables!.map((table) => `"${schema}"."${table}"`).join(', ')}`);
    await tx.execute(`delete from "${schema}"."inbox_event" where consumer = ?`, [definition.name]);
    await tx.execute(`delete from "${schema}"."inbox_aggregate" where consumer = ?`, [definition.name]);
  });
  let applied = 0;
  const consumer = createProjectionConsumer({ definition, bus, em: options.em, schema, onApplied: () => applied++ });
  await consumer.start();
  try {
    for (;;) {
      const remaining = (await consumer.lag()).reduce((sum, entry) => sum + entry.lag, 0);
      options.onProgress?.(remaining);
      if (remaining === 0) break;
      await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 200));
    }
  } finally {
    await consumer.stop();
  }
  return { applied, ms: Date.now() - started };
}
