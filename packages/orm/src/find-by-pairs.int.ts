import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Entity, Property, Unique } from '@mikro-orm/decorators/legacy';
import type { EntityManager } from '@mikro-orm/postgresql';
import { createTestDatabase, type TestDatabase } from '@salesgraph/testkit';
import { createOrm, findByPairs, forkForTenant, TenantScopedEntity, type Orm } from './index.js';

const SCHEMA = 'pairlookup';

@Entity({ tableName: 'item' })
@Unique({ properties: ['tenantId', 'sourceSystem', 'externalId'] })
class Item extends TenantScopedEntity {
  @Property({ type: 'text' })
  sourceSystem!: string;

  @Property({ type: 'text' })
  externalId!: string;
}

/** Rows of `item` this transaction has read so far: sequentially, and fetched through an index. */
async function rowsRead(tx: EntityManager): Promise<{ seq: number; index: number }> {
  const [row] = await tx.execute<{ seq: number; index: number }[]>(
    `select coalesce(seq_tup_read, 0)::int as seq, coalesce(idx_tup_fetch, 0)::int as index
       from pg_stat_xact_user_tables where schemaname = ? and relname = 'item'`,
    [SCHEMA],
  );
  return row!;
}

/**
 * findByPairs must reach each pair through the unique index also on a table PostgreSQL has never
 * analyzed (autovacuum is off on this machine): the ORM's `$or` of pairs read every row of the
 * tenant with that system for each batch of the intake and of the accounts' sales-order step.
 */
describe('findByPairs: rows by a pair of properties, on a table without statistics', () => {
  let db: TestDatabase;
  let orm: Orm;

  before(async () => {
    db = await createTestDatabase('sg_pair_lookup');
    orm = await createOrm({ databaseUrl: db.url, schema: SCHEMA, entities: [Item], migrations: [] });
    const connection = orm.em.getConnection();
    await connection.execute(`create schema ${SCHEMA}`);
    await orm.schema.create({ schema: SCHEMA });
    await connection.execute(`alter table ${SCHEMA}.item set (autovacuum_enabled = false)`);
    await connection.execute(
      `insert into ${SCHEMA}.item (id, tenant_id, created_at, updated_at, version, source_system, external_id)
       select gen_random_uuid(), 'tenant-a', now(), now(), 1, 'PYXIS', 'CLI-' || n from generate_series(1, 20000) n
       union all select gen_random_uuid(), 'tenant-a', now(), now(), 1, 'TEMPO', 'odd, ''quoted'' id'
       union all select gen_random_uuid(), 'tenant-b', now(), now(), 1, 'PYXIS', 'CLI-7'`,
    );
  });

  after(async () => {
    await orm?.close(true);
    await db?.drop();
  });

  it('finds the rows of the tenant with those pairs, and only those', async () => {
    const found = await findByPairs(forkForTenant(orm.em, 'tenant-a'), Item, {
      properties: ['sourceSystem', 'externalId'],
      pairs: [
        ['PYXIS', 'CLI-7'],
        ['PYXIS', 'CLI-19999'],
        ['TEMPO', "odd, 'quoted' id"],
        ['TEMPO', 'CLI-7'],
        ['PYXIS', 'CLI-missing'],
      ],
    });
    assert.deepEqual(found.map((item) => `${item.tenantId} ${item.sourceSystem} ${item.externalId}`).sort(), [
      'tenant-a PYXIS CLI-19999',
      'tenant-a PYXIS CLI-7',
      "tenant-a TEMPO odd, 'quoted' id",
    ]);
    assert.deepEqual(
      await findByPairs(forkForTenant(orm.em, 'tenant-a'), Item, {
        properties: ['sourceSystem', 'externalId'],
        pairs: [],
      }),
      [],
    );
  });

  it('reads one index entry per pair, not the tenant’s rows, and locks what it finds', async () => {
    const [stats] = await orm.em.fork().execute<{ never: boolean }[]>(
      `select last_analyze is null and last_autoanalyze is null as never
           from pg_stat_user_tables where schemaname = ? and relname = 'item'`,
      [SCHEMA],
    );
    assert.equal(stats?.never, true, 'the table must not have statistics for this test to mean anything');
    const pairs = Array.from({ length: 200 }, (_, i) => ['PYXIS', `CLI-${i * 97 + 1}`] as const);
    await forkForTenant(orm.em, 'tenant-a').transactional(async (tx) => {
      const before = await rowsRead(tx);
      const found = await findByPairs(tx, Item, { properties: ['sourceSystem', 'externalId'], pairs, lock: true });
      const read = await rowsRead(tx);
      assert.equal(found.length, 200);
      assert.equal(read.seq - before.seq, 0, 'no sequential scan of the table');
      assert.equal(read.index - before.index, pairs.length, 'one index fetch per pair, not the tenant’s 20,000 rows');
      const [locks] = await tx.execute<{ count: number }[]>(
        `select count(*)::int as count from pg_locks l join pg_class c on c.oid = l.relation
          where c.relname = 'item' and l.pid = pg_backend_pid() and l.mode = 'RowShareLock'`,
      );
      assert.equal(locks?.count, 1, 'the rows are locked FOR UPDATE (RowShareLock on the table)');
    });
  });
});
