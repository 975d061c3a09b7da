import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { topics, type EventData } from '@salesgraph/events';
import { createOrm, type Orm } from '@salesgraph/orm';
import { OutboxMessage } from '@salesgraph/outbox';
import { uniqueName, waitFor } from '@salesgraph/testkit';
import { startWorkflowsHarness, type WorkflowsHarness } from '../testing/workflows-harness.js';
import { approvalRequested, beneficiaryEnrolled, contractSigned } from '../testing/events.js';
import { entities } from '../schema.js';
import { createSlaSweeper } from './sla-sweeper.js';

const HOUR = 3_600_000;

describe('workflows: the SLA sweeper on real PostgreSQL and Kafka', () => {
  let h: WorkflowsHarness;
  let secondInstance: Orm;
  let now = Date.now();
  const clock = () => new Date(now);
  const tenantA = uniqueName('tenant');
  const tenantB = uniqueName('tenant');

  const breaches = async () => {
    const events = await h.outbox('sla.breached');
    const perTask = new Map<string, number>();
    for (const event of events) perTask.set(event.aggregateId, (perTask.get(event.aggregateId) ?? 0) + 1);
    return { events, perTask };
  };

  before(async () => {
    h = await startWorkflowsHarness({ prefix: 'workflows_sla', clock, env: { SLA_SWEEP_INTERVAL_MS: '100' } });
    secondInstance = await createOrm({
      databaseUrl: h.db.url,
      schema: 'workflows',
      entities: [...entities, OutboxMessage],
      migrations: [],
    });
  });

  after(async () => {
    await secondInstance?.close(true);
    await h?.stop();
  });

  it("breaches an open task past its due time once, from the app's own sweeper, and publishes sla.breached", async () => {
    const beneficiary = randomUUID();
    await h.deliver(topics.beneficiary, beneficiaryEnrolled(tenantA, beneficiary, randomUUID(), new Date(now - HOUR)));
    const { rows } = await h.sql.query(`select id from workflows.task where subject_id = $1`, [beneficiary]);
    const taskId: string = rows[0].id;
    const published = await waitFor(
      () => h.published.find((event) => event.eventType === 'sla.breached' && event.aggregateId === taskId),
      { description: 'sla.breached published' },
    );
    const data = published.data as EventData<'sla.breached'>;
    assert.equal(published.tenantId, tenantA);
    assert.equal(published.aggregateVersion, 2);
    assert.deepEqual(
      [data.task.type, data.task.status, data.task.subjectId],
      ['ANS_REGISTRATION', 'OPEN', beneficiary],
    );
    const [task] = (await h.sql.query(`select breached_at, version from workflows.task where id = $1`, [taskId])).rows;
    assert.deepEqual(task, { breached_at: new Date(data.breachedAt), version: 2 });
    const extra = createSlaSweeper({ em: h.app.orm.em, clock, intervalMs: 1000, batchSize: 10 });
    assert.equal(await extra.sweepOnce(), 0, 'a breached task is not breached again');
    assert.equal((await breaches()).perTask.get(taskId), 1);
  });

  it('breaches each overdue task exactly once when two instances sweep at once, again and again, in every tenant', async () => {
    const approvals = Array.from({ length: 16 }, (_, i) => ({
      tenant: i % 2 ? tenantB : tenantA,
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- widens the uuid template type for the Map below
      contract: { id: randomUUID() as string, dealId: randomUUID() as string, approvalLevel: 'SALES_MANAGER' as const },
    }));
    const requestedAt = new Date(now);
    await h.deliver(
      topics.contract,
      ...approvals.map(({ tenant, contract }) => approvalRequested(tenant, contract, 3, requestedAt)),
      contractSigned(tenantA, { id: randomUUID(), dealId: randomUUID() }, requestedAt),
    );
    const taskOf = async (contractId: string) =>
      (await h.sql.query(`select id, version from workflows.task where subject_id = $1`, [contractId])).rows[0] as {
        id: string;
        version: number;
      };
    const decided = await taskOf(approvals[0]!.contract.id);
    const completion = await h.call(
      { tenant: tenantA, roles: ['SALES_MANAGER'] },
      `mutation($id: ID!, $version: Int!) { completeTask(id: $id, outcome: APPROVE, version: $version) { task { status } } }`,
      { id: decided.id, version: decided.version },
    );
    assert.equal(completion.data!['completeTask'].task.status, 'DONE');

    now += 49 * HOUR; // approvals (48 h) are now overdue; implementation planning (5 days) is not
    const sweepers = [
      createSlaSweeper({ em: h.app.orm.em, clock, intervalMs: 1000, batchSize: 3 }),
      createSlaSweeper({ em: secondInstance.em, clock, intervalMs: 1000, batchSize: 3 }),
    ];
    let rounds = 0;
    for (;;) {
      rounds++;
      const counts = await Promise.all([...sweepers, ...sweepers].map((sweeper) => sweeper.sweepOnce()));
      if (counts.every((count) => count === 0)) break;
      assert.ok(rounds < 50, 'the sweepers finish');
    }
    for (let i = 0; i < 3; i++)
      assert.deepEqual(await Promise.all(sweepers.map((sweeper) => sweeper.sweepOnce())), [0, 0]);

    const overdue: { id: string }[] = [];
    for (const { contract } of approvals.slice(1)) overdue.push(await taskOf(contract.id));
    const { events, perTask } = await breaches();
    for (const task of overdue) assert.equal(perTask.get(task.id), 1, `task ${task.id} breached exactly once`);
    assert.equal(perTask.get(decided.id), undefined, 'a completed task is never breached');
    const open = await h.sql.query(
      `select id from workflows.task where type = 'IMPLEMENTATION_PLANNING' and breached_at is null and status = 'OPEN'`,
    );
    assert.equal(open.rowCount, 1, 'a task not yet due is not breached');
    assert.equal(perTask.get(open.rows[0].id), undefined);
    const tenants = new Map(approvals.map(({ tenant, contract }) => [contract.id, tenant]));
    for (const event of events.filter((row) => tenants.has((row.data as EventData<'sla.breached'>).task.subjectId))) {
      const data = event.data as EventData<'sla.breached'>;
      assert.equal(event.tenantId, tenants.get(data.task.subjectId));
      assert.equal(data.breachedAt, new Date(now).toISOString());
    }
    await waitFor(
      () =>
        overdue.every(
          (task) =>
            h.published.filter((event) => event.eventType === 'sla.breached' && event.aggregateId === task.id)
              .length === 1,
        ),
      {
        description: 'one published sla.breached per overdue task',
      },
    );
  });

  it('leaves alone a task whose row is behind the events recorded for it, as while workflows.tasks is rebuilt, so it is never breached twice', async () => {
    const beneficiary = randomUUID();
    await h.deliver(topics.beneficiary, beneficiaryEnrolled(tenantA, beneficiary, randomUUID(), new Date(now - HOUR)));
    const { rows } = await h.sql.query(`select id from workflows.task where subject_id = $1`, [beneficiary]);
    const taskId: string = rows[0].id;
    await waitFor(async () => (await breaches()).perTask.get(taskId) === 1, {
      description: "the app's sweeper to breach the task",
    });
    const breached = (await h.sql.query(`select version, breached_at from workflows.task where id = $1`, [taskId]))
      .rows[0];
    // The row as a rebuild's replay has it after task.created and before sla.breached: open, overdue, not breached.
    await h.sql.query(`update workflows.task set version = 1, breached_at = null where id = $1`, [taskId]);
    const sweeper = createSlaSweeper({ em: h.app.orm.em, clock, intervalMs: 1000, batchSize: 10 });
    assert.equal(await sweeper.sweepOnce(), 0);
    assert.equal((await breaches()).perTask.get(taskId), 1);
    // Once the replay reaches sla.breached the row is at the version of its last event, and stays breached once.
    await h.sql.query(`update workflows.task set version = $2, breached_at = $3 where id = $1`, [
      taskId,
      breached.version,
      breached.breached_at,
    ]);
    assert.equal(await sweeper.sweepOnce(), 0);
    assert.equal((await breaches()).perTask.get(taskId), 1);
  });
});
