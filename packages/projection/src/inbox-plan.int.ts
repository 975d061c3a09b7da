import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createOrm, type Orm } from '@salesgraph/orm';
import { createTestDatabase, type TestDatabase } from '@salesgraph/testkit';
import { lastVersionsSql } from './apply-run.js';
import { inboxDdl, inboxUpgradeDdl } from './inbox.ddl.js';

const SCHEMA = 'inboxplan';

interface PlanNode {
  readonly 'Node Type': string;
  readonly 'Index Cond'?: string;
  readonly Filter?: string;
  readonly Plans?: readonly PlanNode[];
}

const nodesOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)];

/**
 * The lookup of a run's last applied versions must reach each aggregate through the index, also
 * on a table PostgreSQL has never analyzed (this machine runs with autovacuum off): with the first
 * key order the planner took one row per consumer and tenant and filtered every aggregate of the
 * tenant, the cost that grew with the table in the K1 benchmark.
 */
describe('inbox: the last-versions lookup on a table without statistics', () => {
  let db: TestDatabase;
  let orm: Orm;

  before(async () => {
    db = await createTestDatabase('sg_inbox_plan');
    orm = await createOrm({ databaseUrl: db.url, schema: SCHEMA, entities: [], migrations: [] });
    const connection = orm.em.getConnection();
    await connection.execute(`create schema ${SCHEMA}`);
    for (const sql of [...inboxDdl(SCHEMA), ...inboxUpgradeDdl(SCHEMA)]) await connection.execute(sql);
    // No statistics, whatever the server's autovacuum setting, as right after a burst of events.
    await connection.execute(`alter table ${SCHEMA}.inbox_aggregate set (autovacuum_enabled = false)`);
    await connection.execute(
      `insert into ${SCHEMA}.inbox_aggregate (consumer, tenant_id, aggregate_id, version)
       select 'inboxplan.summary', 'tenant-a', gen_random_uuid(), 1 from generate_series(1, 20000)`,
    );
  });

  after(async () => {
    await orm?.close(true);
    await db?.drop();
  });

  it('looks each aggregate id up in the index, not through the tenant, for a batch of 150', async () => {
    const [stats] = await orm.em
      .fork()
      .execute<
        { never: boolean }[]
      >(`select last_analyze is null and last_autoanalyze is null as never from pg_stat_user_tables where schemaname = ? and relname = 'inbox_aggregate'`, [SCHEMA]);
    assert.equal(stats?.never, true, 'the table must not have statistics for this test to mean anything');
    // 150 ids: a list that long counts as 75% of an unanalyzed table, and `aggregate_id = any(...)`
    // was planned as a sequential scan (1.8 million rows read by the deals inbox in an I1 round).
    const ids = Array.from({ length: 150 }, () => randomUUID());
    const rows = await orm.em
      .fork()
      .execute<
        { 'QUERY PLAN': { Plan: PlanNode }[] }[]
      >(`explain (format json) ${lastVersionsSql(SCHEMA)}`, [ids, 'inboxplan.summary', 'tenant-a']);
    const nodes = nodesOf(rows[0]!['QUERY PLAN'][0]!.Plan);
    const types = nodes.map((node) => node['Node Type']).join(' > ');
    assert.ok(!nodes.some((node) => node['Node Type'] === 'Seq Scan'), `expected no sequential scan, got ${types}`);
    const scan = nodes.find((node) => node['Node Type'].startsWith('Index'));
    assert.ok(scan, `expected an index scan, got ${types}`);
    assert.match(scan['Index Cond'] ?? '', /aggregate_id = key\.k0/);
    assert.doesNotMatch(scan.Filter ?? '', /aggregate_id/);
  });
});
