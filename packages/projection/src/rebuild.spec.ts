import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { MessageBus } from '@salesgraph/kafka';
import type { ProjectionDefinition } from './projection-consumer.js';
import { RebuildError, rebuildProjection, rebuildRefusal } from './rebuild.js';

const definition: ProjectionDefinition = { name: 'sub.names', topics: ['a.b.events'], tables: ['names'], handlers: {} };

/** A bus whose group is busy, and an EntityManager that must never be reached. */
const busyBus = {
  ensureTopics: async () => undefined,
  resetGroup: async () => {
    throw new Error('The consumer group must have no running instances, current state: Stable');
  },
} as unknown as MessageBus;
const untouchable = new Proxy(
  {},
  {
    get: () => {
      throw new Error('the database was touched');
    },
  },
) as EntityManager;

describe('rebuild refusals', () => {
  it('allows a projection that declares its tables', () => {
    assert.equal(rebuildRefusal(definition), null);
  });

  it('refuses a projection without tables, and one marked not rebuildable with its reason', () => {
    assert.equal(rebuildRefusal({ ...definition, tables: [] }), 'sub.names declares no tables to rebuild');
    assert.equal(
      rebuildRefusal({ ...definition, notRebuildable: 'it holds decisions' }),
      'sub.names cannot be rebuilt: it holds decisions',
    );
  });

  it('throws before touching Kafka or the database for a projection that is not rebuildable', async () => {
    await assert.rejects(
      rebuildProjection({
        definition: { ...definition, notRebuildable: 'it holds decisions' },
        bus: busyBus,
        em: untouchable,
        schema: 'sub',
      }),
      (error: unknown) => error instanceof RebuildError && /cannot be rebuilt: it holds decisions/.test(error.message),
    );
  });

  it('says the group is active and changes nothing when Kafka refuses to rewind it', async () => {
    await assert.rejects(
      rebuildProjection({ definition, bus: busyBus, em: untouchable, schema: 'sub' }),
      (error: unknown) =>
        error instanceof RebuildError &&
        /consumer group sub\.names is active \(state Stable\).*nothing was changed/.test(error.message),
    );
  });
});
