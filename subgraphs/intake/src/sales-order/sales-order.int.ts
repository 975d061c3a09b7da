import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { createOrm, migrateSchema, type Orm } from '@salesgraph/orm';
import { OutboxMessage } from '@salesgraph/outbox';
import { createTestDatabase, uniqueName, type TestDatabase } from '@salesgraph/testkit';
import { pyxisAdapter } from '../adapters/pyxis/pyxis.adapter.js';
import { checkOrder } from '../order-intake/order-check.js';
import { migrations } from '../migrations/index.js';
import { entities } from '../schema.js';
import { exampleOrder } from '../testing/examples.js';
import { IntakeRoute } from './sales-order.enums.js';
import { receiveOrders, type AcceptedOrder } from './sales-order.receive.js';

/** The Pyxis example as order `number` at `revision`, checked as the consumer would. */
function pyxis(number: string, revision: number, lives = 95): AcceptedOrder {
  const payload = exampleOrder('pyxis') as Record<string, any>;
  payload['pedido'].numero = number;
  payload['pedido'].versao = revision;
  payload['itens'][0].vidas = lives;
  const checked = checkOrder(pyxisAdapter, payload, IntakeRoute.KAFKA, 'intake:pyxis');
  assert.ok('accepted' in checked);
  return checked.accepted;
}

describe('intake: storing sales orders on real PostgreSQL', () => {
  let db: TestDatabase;
  let orm: Orm;
  let sql: pg.Client;
  const tenant = uniqueName('tenant');

  const stored = async (number: string) =>
    (
      await sql.query(
        `select revision, total_lives, version from intake.sales_order where tenant_id = $1 and external_order_id = $2`,
        [tenant, number],
      )
    ).rows;
  const events = async (number: string) =>
    (
      await sql.query(
        `select payload->>'eventType' as type, (payload->>'aggregateVersion')::int as version
           from intake.outbox where payload->'data'->'salesOrder'->>'externalOrderId' = $1 order by created_at, id`,
        [number],
      )
    ).rows.map((row: { type: string; version: number }) => `${row.type}@${row.version}`);

  before(async () => {
    db = await createTestDatabase('intake_orders');
    orm = await createOrm({
      databaseUrl: db.url,
      schema: 'intake',
      entities: [...entities, OutboxMessage],
      migrations,
    });
    await migrateSchema(orm, 'intake');
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
  });

  after(async () => {
    await sql?.end();
    await orm?.close(true);
    await db?.drop();
  });

  it('stores a new order, ignores the same revision and an older one, and replaces it with a later one', async () => {
    const number = 'PX-2026-100001';
    const outcomes = async (order: AcceptedOrder) =>
      (await receiveOrders(orm.em, tenant, [order])).map((result) => result.outcome);
    assert.deepEqual(await outcomes(pyxis(number, 2)), ['RECEIVED']);
    assert.deepEqual(await outcomes(pyxis(number, 2, 10)), ['DUPLICATE']);
    assert.deepEqual(await outcomes(pyxis(number, 1, 10)), ['OUTDATED']);
    assert.deepEqual(await stored(number), [{ revision: 2, total_lives: 135, version: 1 }]);
    assert.deepEqual(await outcomes(pyxis(number, 3, 20)), ['REVISED']);
    assert.deepEqual(await stored(number), [{ revision: 3, total_lives: 60, version: 2 }]);
    assert.deepEqual(await events(number), ['sales_order.received@1', 'sales_order.revised@2']);
  });

  it('gives two revisions of one order in one batch their own versions, and skips the copy between them', async () => {
    const number = 'PX-2026-100002';
    const results = await receiveOrders(orm.em, tenant, [pyxis(number, 1), pyxis(number, 1), pyxis(number, 4, 30)]);
    assert.deepEqual(
      results.map((result) => result.outcome),
      ['RECEIVED', 'DUPLICATE', 'REVISED'],
    );
    assert.deepEqual(await stored(number), [{ revision: 4, total_lives: 70, version: 2 }]);
    assert.deepEqual(await events(number), ['sales_order.received@1', 'sales_order.revised@2']);
  });

  it('stores a new order once when two writers (Kafka and HTTP) receive it at the same time', async () => {
    const number = 'PX-2026-100003';
    const both = await Promise.all([
      receiveOrders(orm.em, tenant, [pyxis(number, 1)]),
      receiveOrders(orm.em, tenant, [pyxis(number, 1)]),
    ]);
    assert.deepEqual(both.map(([result]) => result!.outcome).sort(), ['DUPLICATE', 'RECEIVED']);
    assert.equal((await stored(number)).length, 1);
    assert.deepEqual(await events(number), ['sales_order.received@1']);
  });

  it("keeps tenants apart: another tenant's order with the same number is its own", async () => {
    const number = 'PX-2026-100001';
    const [result] = await receiveOrders(orm.em, uniqueName('tenant'), [pyxis(number, 1)]);
    assert.equal(result!.outcome, 'RECEIVED');
    assert.equal((await stored(number)).length, 1, 'the first tenant still has its one order');
  });
});
