import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Entity, Index, Property, Unique } from '@mikro-orm/decorators/legacy';
import type { EntityManager } from '@mikro-orm/postgresql';
import { createTestDatabase, type TestDatabase } from '@salesgraph/testkit';
import { createOrm, findByKeys, forkForTenant, TenantScopedEntity, type Orm } from './index.js';

const SCHEMA = 'pairlookup';

/** Shaped like the subgraphs' tables: a unique key and the list order, both led by the tenant. */
@Entity({ tableName: 'item' })
@Unique({ properties: ['tenantId', 'sourceSystem', 'externalId'] })
@Index({ properties: ['tenantId', 'createdAt', 'id'] })
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

const bySystemAndId = ['sourceSystem', 'externalId'] as const;
const keysOf = (items: readonly Item[]) =>
  items.map((item) => `${item.tenantId} ${item.sourceSystem} ${item.externalId}`).sort();

/** Whether `item` has row locks of this transaction (FOR UPDATE takes RowShareLock on the table). */
async function locked(tx: EntityManager): Promise<boolean> {
  const [row] = await tx.execute<{ count: number }[]>(
    `select count(*)::int as count from pg_locks l join pg_class c on c.oid = l.relation
      where c.relname = 'item' and l.pid = pg_backend_pid() and l.mode = 'RowShareLock'`,
  );
  return row!.count > 0;
}

/**
 * findByKeys must reach each key through an index also on a table PostgreSQL has never analyzed
 * (autovacuum is off on this machine): the ORM's `$or` of pairs, or a list of 150 ids beside the
 * tenant, read every row of the tenant for each batch of the intake, accounts and deals steps. On
 * a small table the planner's guesses tie, and a lookup by id beside the tenant took the tenant
 * index and filtered its rows: both sizes are checked.
 */
for (const size of [20_000, 400])
  describe(`findByKeys: rows by one or two properties, on a table without statistics (${size} rows)`, () => {
    let db: TestDatabase;
    let orm: Orm;

    before(async () => {
      db = await createTestDatabase('sg_key_lookup');
      orm = await createOrm({ databaseUrl: db.url, schema: SCHEMA, entities: [Item], migrations: [] });
      const connection = orm.em.getConnection();
      await connection.execute(`create schema ${SCHEMA}`);
      await orm.schema.create({ schema: SCHEMA });
      await connection.execute(`alter table ${SCHEMA}.item set (autovacuum_enabled = false)`);
      await connection.execute(
        `insert into ${SCHEMA}.item (id, tenant_id, created_at, updated_at, version, source_system, external_id)
       select gen_random_uuid(), 'tenant-a', now(), now(), 1, 'PYXIS', 'CLI-' || n from generate_series(1, ?) n
       union all select gen_random_uuid(), 'tenant-a', now(), now(), 1, 'TEMPO', 'odd, ''quoted'' id'
       union all select gen_random_uuid(), 'tenant-b', now(), now(), 1, 'PYXIS', 'CLI-7'`,
        [size],
      );
      const [stats] = await orm.em.fork().execute<{ never: boolean }[]>(
        `select last_analyze is null and last_autoanalyze is null as never
           from pg_stat_user_tables where schemaname = ? and relname = 'item'`,
        [SCHEMA],
      );
      assert.equal(stats?.never, true, 'the table must not have statistics for these tests to mean anything');
    });

    after(async () => {
      await orm?.close(true);
      await db?.drop();
    });

    it('finds the rows of the tenant with those pairs, and only those', async () => {
      const em = forkForTenant(orm.em, 'tenant-a');
      const found = await findByKeys(em, Item, {
        properties: bySystemAndId,
        keys: [
          ['PYXIS', 'CLI-7'],
          ['PYXIS', `CLI-${size - 1}`],
          ['TEMPO', "odd, 'quoted' id"],
          ['TEMPO', 'CLI-7'],
          ['PYXIS', 'CLI-missing'],
          ['PYXIS', 'CLI-7'],
        ],
      });
      assert.deepEqual(keysOf(found), [
        `tenant-a PYXIS CLI-${size - 1}`,
        'tenant-a PYXIS CLI-7',
        "tenant-a TEMPO odd, 'quoted' id",
      ]);
      assert.deepEqual(await findByKeys(em, Item, { properties: bySystemAndId, keys: [] }), []);
    });

    it('finds rows by id (a uuid column), and returns managed entities', async () => {
      const em = forkForTenant(orm.em, 'tenant-a');
      const [first, second] = await findByKeys(em, Item, {
        properties: bySystemAndId,
        keys: [
          ['PYXIS', 'CLI-1'],
          ['PYXIS', 'CLI-2'],
        ],
      });
      const other = (
        await findByKeys(forkForTenant(orm.em, 'tenant-b'), Item, {
          properties: bySystemAndId,
          keys: [['PYXIS', 'CLI-7']],
        })
      )[0]!;
      const byId = await findByKeys(em, Item, { properties: ['id'], keys: [[first!.id], [second!.id], [other.id]] });
      assert.deepEqual(
        keysOf(byId),
        ['tenant-a PYXIS CLI-1', 'tenant-a PYXIS CLI-2'],
        'another tenant’s id finds nothing',
      );
      byId[0]!.externalId = `${byId[0]!.externalId}-renamed`;
      await em.flush();
      const [renamed] = await forkForTenant(orm.em, 'tenant-a').find(Item, { id: byId[0]!.id });
      assert.match(renamed!.externalId, /-renamed$/, 'a change to a found entity is flushed like any other');
    });

    for (const lock of [true, false])
      it(`reads one index entry per key, not the tenant’s rows${lock ? ', and locks what it finds' : ''}`, async () => {
        const pairs = Array.from(
          { length: 200 },
          (_, i) => ['PYXIS', `CLI-${((i * 97 + 2) % (size - 2)) + 3}`] as const,
        );
        await forkForTenant(orm.em, 'tenant-a').transactional(async (tx) => {
          const before = await rowsRead(tx);
          const found = await findByKeys(tx, Item, { properties: bySystemAndId, keys: pairs, lock });
          const ids = await findByKeys(tx, Item, {
            properties: ['id'],
            keys: found.slice(0, 150).map((item) => [item.id]),
          });
          const read = await rowsRead(tx);
          assert.equal(found.length, 200);
          assert.equal(ids.length, 150);
          assert.equal(read.seq - before.seq, 0, 'no sequential scan of the table');
          assert.equal(read.index - before.index, 350, `one index fetch per key, not the tenant’s ${size} rows`);
          assert.equal(await locked(tx), lock);
        });
      });
  });
