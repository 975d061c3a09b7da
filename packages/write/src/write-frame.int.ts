import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Identity } from '@salesgraph/auth';
import { createOrm, forkForTenant, type Orm } from '@salesgraph/orm';
import { OutboxMessage, outboxDdl } from '@salesgraph/outbox';
import { inboxDdl, inboxUpgradeDdl } from '@salesgraph/projection';
import { createTestDatabase, uniqueName, type TestDatabase } from '@salesgraph/testkit';
import { idempotencyDdl } from './idempotency.ddl.js';
import { IDEMPOTENCY_KEY_TTL_MS } from './idempotency.js';
import { reference } from './references.js';
import { refuse } from './write-problem.js';
import type { WriteRequest } from './write-frame.js';
import { Gadget, SCHEMA, Widget, tablesDdl, widgetEvent, widgetWrites } from './testing/widgets.js';

const GADGET_PROJECTION = 'writetest.gadgets';

describe('the write frame on real PostgreSQL', () => {
  let db: TestDatabase;
  let sql: pg.Client;
  let orms: Orm[];
  const tenant = uniqueName('tenant');
  const alice: Identity = { tenant, sub: 'alice', roles: ['SALES_MANAGER'], scopes: [] };
  const bob: Identity = { ...alice, sub: 'bob' };
  const stranger: Identity = { ...alice, tenant: uniqueName('tenant'), sub: 'stranger' };
  let clock = new Date('2026-12-07T12:00:00Z');

  const request = (identity: Identity, extra: Partial<WriteRequest> = {}, orm = orms[0]!): WriteRequest => ({
    em: forkForTenant(orm.em, identity.tenant),
    identity,
    now: () => clock,
    ...extra,
  });
  const gadget = async (identity: Identity, retired = false) => {
    const id = randomUUID();
    await sql.query(
      `insert into ${SCHEMA}.gadget (id, tenant_id, created_at, updated_at, retired) values ($1, $2, now(), now(), $3)`,
      [id, identity.tenant, retired],
    );
    return id;
  };
  const createWidget = (req: WriteRequest, input: { name: string; gadgetId: string }) =>
    widgetWrites.create(req, {
      operation: 'writetest.createWidget',
      input,
      references: {
        gadget: reference({
          entity: Gadget,
          field: 'gadgetId',
          id: input.gadgetId,
          missing: 'GADGET_NOT_FOUND',
          noun: 'gadget',
          projection: GADGET_PROJECTION,
          allows: (found) => (found.retired ? refuse('GADGET_RETIRED', 'The gadget is retired') : undefined),
        }),
      },
      rules: (tx, { gadget: found }) => {
        if (input.name === 'boom') refuse('NAME_TAKEN', 'That name is taken');
        const widget = tx.create(Widget, { tenantId: req.identity.tenant, name: input.name, gadgetId: found.id });
        return { entity: widget, events: [widgetEvent(req.identity, widget, 1)] };
      },
    });
  const count = async (table: string) =>
    Number((await sql.query(`select count(*) from ${SCHEMA}.${table}`)).rows[0].count);
  const written = async () => ({ widgets: await count('widget'), events: await count('outbox') });
  const body = (result: unknown) => JSON.parse(JSON.stringify(result));

  before(async () => {
    db = await createTestDatabase('sg_write');
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
    await sql.query(`create schema ${SCHEMA}`);
    for (const ddl of [
      ...tablesDdl,
      ...outboxDdl(SCHEMA),
      ...inboxDdl(SCHEMA),
      ...inboxUpgradeDdl(SCHEMA),
      ...idempotencyDdl(SCHEMA),
    ])
      await sql.query(ddl);
    const options = { databaseUrl: db.url, schema: SCHEMA, entities: [Widget, Gadget, OutboxMessage], migrations: [] };
    orms = [await createOrm(options), await createOrm(options)];
  });

  after(async () => {
    for (const orm of orms ?? []) await orm.close(true);
    await sql?.end();
    await db?.drop();
  });

  it('creates the entity and records its event in one transaction', async () => {
    const gadgetId = await gadget(alice);
    const before = await written();
    const result = await createWidget(request(alice), { name: 'first', gadgetId });
    assert.equal(result.problem, null);
    assert.equal(result.entity?.gadgetId, gadgetId);
    const outbox = await sql.query(`select event_id from ${SCHEMA}.outbox where message_key = $1`, [result.entity.id]);
    assert.deepEqual(
      outbox.rows.map((row) => row.event_id),
      [result.eventId],
    );
    assert.deepEqual(await written(), { widgets: before.widgets + 1, events: before.events + 1 });
  });

  it('answers an id of another tenant and a random id with the same not-found problem, writing nothing', async () => {
    const foreign = await gadget(stranger);
    const before = await written();
    const answers = [];
    for (const gadgetId of [foreign, randomUUID()]) {
      const result = await createWidget(request(alice), { name: 'lost', gadgetId });
      answers.push({ entity: result.entity, eventId: result.eventId, problem: result.problem });
    }
    assert.deepEqual(answers[0], {
      entity: null,
      eventId: null,
      problem: { reason: 'GADGET_NOT_FOUND', message: 'The gadget (gadgetId) was not found' },
    });
    assert.deepEqual(answers[1], answers[0]);
    assert.deepEqual(await written(), before);
  });

  it('refuses a reference whose state does not allow the write, and a malformed id as bad input', async () => {
    const before = await written();
    const retired = await createWidget(request(alice), { name: 'old', gadgetId: await gadget(alice, true) });
    assert.equal(retired.problem?.reason, 'GADGET_RETIRED');
    await assert.rejects(createWidget(request(alice), { name: 'x', gadgetId: 'not-a-uuid' }), (error: Error) =>
      /gadgetId: must be an id/.test(error.message),
    );
    assert.deepEqual(await written(), before);
  });

  it('leaves nothing behind when the rules refuse after creating the entity', async () => {
    const before = await written();
    const result = await createWidget(request(alice), { name: 'boom', gadgetId: await gadget(alice) });
    assert.equal(result.problem?.reason, 'NAME_TAKEN');
    assert.deepEqual(await written(), before);
  });

  it('says NOT_YET_VISIBLE with the awaited event until the projection applied it, then not found', async () => {
    const awaited = randomUUID();
    const req = () => request(alice, { afterEventId: awaited });
    const waiting = await createWidget(req(), { name: 'soon', gadgetId: randomUUID() });
    assert.deepEqual(
      { reason: waiting.problem?.reason, eventId: waiting.eventId },
      { reason: 'NOT_YET_VISIBLE', eventId: awaited },
    );
    await sql.query(`insert into ${SCHEMA}.inbox_event (consumer, event_id, tenant_id) values ($1, $2, $3)`, [
      GADGET_PROJECTION,
      awaited,
      stranger.tenant,
    ]);
    const otherTenantsEvent = await createWidget(req(), { name: 'soon', gadgetId: randomUUID() });
    assert.equal(otherTenantsEvent.problem?.reason, 'NOT_YET_VISIBLE', "another tenant's event is never ours");
    await sql.query(`update ${SCHEMA}.inbox_event set tenant_id = $1 where event_id = $2`, [tenant, awaited]);
    const applied = await createWidget(req(), { name: 'soon', gadgetId: randomUUID() });
    assert.equal(applied.problem?.reason, 'GADGET_NOT_FOUND');
  });

  it('changes under FOR UPDATE with the version check: stale version is a problem, an unknown id NOT_FOUND', async () => {
    const created = (await createWidget(request(alice), { name: 'to-ship', gadgetId: await gadget(alice) })).entity!;
    const ship = (identity: Identity, target: { id: string; version: number }) => {
      const req = request(identity);
      return widgetWrites.change(req, {
        operation: 'writetest.shipWidget',
        input: target,
        target,
        rules: (_tx, widget) => {
          widget.shippedAt = clock;
          return { entity: widget, events: [widgetEvent(req.identity, widget, 2)] };
        },
      });
    };
    const shipped = await ship(alice, created);
    assert.equal(shipped.entity?.version, 2);
    assert.equal((await ship(alice, created)).problem?.reason, 'STALE_VERSION');
    await assert.rejects(ship(stranger, shipped.entity), (error: Error) => error.message === 'Widget not found');
  });

  describe('Idempotency-Key', () => {
    it('replays the first result for the same key and input, writing nothing', async () => {
      const gadgetId = await gadget(alice);
      const key = randomUUID();
      const first = await createWidget(request(alice, { idempotencyKey: key }), { name: 'once', gadgetId });
      const before = await written();
      const replay = await createWidget(request(alice, { idempotencyKey: key }), { name: 'once', gadgetId });
      assert.deepEqual(body(replay), body(first));
      assert.ok(replay.entity instanceof Widget && replay.entity.createdAt instanceof Date);
      assert.deepEqual(await written(), before);
    });

    it('refuses the same key with a different input, and keeps keys of different callers apart', async () => {
      const gadgetId = await gadget(alice);
      const key = randomUUID();
      await createWidget(request(alice, { idempotencyKey: key }), { name: 'one', gadgetId });
      const before = await written();
      await assert.rejects(
        createWidget(request(alice, { idempotencyKey: key }), { name: 'two', gadgetId }),
        (error: Error & { extensions?: { code?: string } }) => error.extensions?.code === 'IDEMPOTENCY_KEY_REUSED',
      );
      assert.deepEqual(await written(), before);
      const bobs = await createWidget(request(bob, { idempotencyKey: key }), { name: 'two', gadgetId });
      assert.equal(bobs.problem, null);
    });

    it('creates once when two instances send the same key at the same time', async () => {
      const gadgetId = await gadget(alice);
      const key = randomUUID();
      const before = await written();
      const [a, b] = await Promise.all(
        orms.map((orm) => createWidget(request(alice, { idempotencyKey: key }, orm), { name: 'racing', gadgetId })),
      );
      assert.deepEqual(body(a), body(b));
      assert.deepEqual(await written(), { widgets: before.widgets + 1, events: before.events + 1 });
    });

    it('does not keep a problem: the same key may try again', async () => {
      const key = randomUUID();
      const refused = await createWidget(request(alice, { idempotencyKey: key }), {
        name: 'boom',
        gadgetId: await gadget(alice),
      });
      assert.equal(refused.problem?.reason, 'NAME_TAKEN');
      const retried = await createWidget(request(alice, { idempotencyKey: key }), {
        name: 'boom',
        gadgetId: await gadget(alice),
      });
      assert.equal(retried.problem?.reason, 'NAME_TAKEN');
    });

    it('frees the key after 24 hours', async () => {
      const gadgetId = await gadget(alice);
      const key = randomUUID();
      const first = await createWidget(request(alice, { idempotencyKey: key }), { name: 'daily', gadgetId });
      clock = new Date(clock.getTime() + IDEMPOTENCY_KEY_TTL_MS - 1);
      const stillReplayed = await createWidget(request(alice, { idempotencyKey: key }), { name: 'daily', gadgetId });
      assert.equal(stillReplayed.entity?.id, first.entity?.id);
      clock = new Date(clock.getTime() + 1);
      const later = await createWidget(request(alice, { idempotencyKey: key }), { name: 'daily', gadgetId });
      assert.notEqual(later.entity?.id, first.entity?.id);
      assert.equal(later.problem, null);
    });
  });
});
