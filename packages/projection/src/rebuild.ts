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

export class RebuildError extends Error {
  override readonly name = 'RebuildError';
}

/**
 * Why a projection cannot be rebuilt from its topics, or null when it can: it must declare the
 * tables it owns, and must not be marked `notRebuildable` (state no topic carries, or side effects).
 */
export function rebuildRefusal(definition: ProjectionDefinition): string | null {
  if (definition.notRebuildable) return `${definition.name} cannot be rebuilt: ${definition.notRebuildable}`;
  if (!definition.tables?.length) return `${definition.name} declares no tables to rebuild`;
  return null;
}

function describeRewindFailure(definition: ProjectionDefinition, error: Error): string {
  const active = /no running instances, current state: (\w+)/.exec(error.message);
  if (active) {
    return `consumer group ${definition.name} is active (state ${active[1]}): stop the subgraph's consumers (its processes) before rebuilding; nothing was changed`;
  }
  return `cannot rewind consumer group ${definition.name}: ${error.message}; nothing was changed`;
}

/**
 * Rebuilds one projection from the beginning of its topics: rewinds its consumer group (which
 * Kafka refuses while any member of the group is running), then empties its tables and its
 * inbox rows in one transaction, and replays until the lag is zero. The result equals the
 * incremental one because handlers replace per-aggregate state.
 */
export async function rebuildProjection(options: RebuildOptions): Promise<{ applied: number; ms: number }> {
  const { definition, bus, schema } = options;
  const refusal = rebuildRefusal(definition);
  if (refusal) throw new RebuildError(refusal);
  const started = Date.now();
  try {
    await bus.ensureTopics(definition.topics);
    await bus.resetGroup(definition.name, definition.topics);
  } catch (error) {
    throw new RebuildError(describeRewindFailure(definition, error as Error));
  }
  await options.em.fork().transactional(async (tx) => {
    await tx.execute(`truncate ${definition.tables!.map((table) => `"${schema}"."${table}"`).join(', ')}`);
    await tx.execute(`delete from "${schema}"."inbox_event" where consumer = ?`, [definition.name]);
    await tx.execute(`delete from "${schema}"."inbox_aggregate" where consumer = ?`, [definition.name]);
  });
  let applied = 0;
  const consumer = createProjectionConsumer({
    definition,
    bus,
    em: options.em,
    schema,
    replaying: true,
    onApplied: () => applied++,
  });
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
