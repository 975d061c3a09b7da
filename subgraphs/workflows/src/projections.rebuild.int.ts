import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { topics, type EventData } from '@salesgraph/events';
import { rebuildProjection } from '@salesgraph/projection';
import { uniqueName, waitFor } from '@salesgraph/testkit';
import { startWorkflowsHarness, type Caller, type WorkflowsHarness } from './testing/workflows-harness.js';
import {
  ansSubmitted,
  approvalRequested,
  beneficiaryEnrolled,
  beneficiaryRemoved,
  contractApproved,
  contractRejected,
  contractSigned,
  dealCreated,
  stageChanged,
  type ContractRef,
} from './testing/events.js';
import { processProjection } from './process/process.projection.js';
import { taskProjection } from './task/task.projection.js';
import { processIdFor } from './ids.js';

const HOUR = 3_600_000;
const completeMutation = `mutation($id: ID!, $outcome: TaskOutcome!, $comment: String, $version: Int!) {
  completeTask(id: $id, outcome: $outcome, comment: $comment, version: $version) { task { status version } problem { reason } eventId } }`;

// updated_at (and, for processes, created_at) say when the row was last written: by the
// rebuild, for rebuilt rows. Every other column must come back as it was.
const taskRows = 'select * from workflows.task order by id';
const processRows = 'select * from workflows.process_instance order by id';
const withoutWriteTimes = ({ updated_at: _updated, ...row }: Record<string, unknown>) => row;
const withoutRowTimes = ({ created_at: _created, updated_at: _updated, ...row }: Record<string, unknown>) => row;

describe('workflows: tasks (with human decisions and SLA breaches) and processes rebuilt from their topics equal the incremental state', () => {
  let h: WorkflowsHarness;
  let now = Date.now();
  const clock = () => new Date(now);
  const tenant = uniqueName('tenant');
  const requestedAt = new Date(Math.floor(now / 1000) * 1000);
  const ansDeadline = new Date(requestedAt.getTime() + 100 * HOUR);
  const contracts: Record<'manager' | 'director' | 'board' | 'superseded', ContractRef> = {
    manager: { id: randomUUID(), dealId: randomUUID(), approvalLevel: 'SALES_MANAGER' },
    director: { id: randomUUID(), dealId: randomUUID(), approvalLevel: 'COMMERCIAL_DIRECTOR' },
    board: { id: randomUUID(), dealId: randomUUID(), approvalLevel: 'CEO_BOARD' },
    superseded: { id: randomUUID(), dealId: randomUUID(), approvalLevel: 'SALES_MANAGER' },
  };
  const beneficiaries = { submitted: randomUUID(), removed: randomUUID(), open: randomUUID() };
  const beneficiaryContract = randomUUID();
  let breachedTaskId = '';

  const taskOf = async (subjectId: string, type = 'APPROVAL') =>
    (
      await h.sql.query(
        `select id, version, status from workflows.task where subject_id = $1 and type = $2 order by created_at desc limit 1`,
        [subjectId, type],
      )
    ).rows[0] as { id: string; version: number; status: string };
  const complete = async (
    caller: Caller,
    subjectId: string,
    outcome: string,
    comment: string | null,
    type = 'APPROVAL',
  ) => {
    const task = await taskOf(subjectId, type);
    const result = await h.call(caller, completeMutation, { id: task.id, outcome, comment, version: task.version });
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    assert.equal(result.data!['completeTask'].problem, null);
    return result.data!['completeTask'] as { task: { status: string; version: number }; eventId: string };
  };
  const consumer = (name: string) => h.app.projections.find((projection) => projection.name === name)!;
  const unpublished = async () =>
    (await h.sql.query(`select count(*)::int as n from workflows.outbox where published_at is null`)).rows[0]
      .n as number;
  const outboxRows = async () => (await h.sql.query(`select id, event_id from workflows.outbox order by id`)).rows;
  const inbox = async (name: string) => ({
    events: (
      await h.sql.query(`select event_id from workflows.inbox_event where consumer = $1 order by event_id`, [name])
    ).rows,
    aggregates: (
      await h.sql.query(
        `select tenant_id, aggregate_id, version from workflows.inbox_aggregate where consumer = $1 order by aggregate_id`,
        [name],
      )
    ).rows,
  });

  before(async () => {
    // The app's own sweeper runs every 100 ms on the test's clock, also while the tasks are rebuilt.
    h = await startWorkflowsHarness({ prefix: 'workflows_rebuild', clock, env: { SLA_SWEEP_INTERVAL_MS: '100' } });

    // Deals (one of them learnt late, after its contract's events), then approvals at every tier.
    const dealEvents = (dealId: string) => [
      dealCreated(tenant, dealId, new Date(requestedAt.getTime() - 10 * HOUR)),
      stageChanged(tenant, dealId, 2, 'LEAD', 'NEGOTIATION', new Date(requestedAt.getTime() - 5 * HOUR)),
    ];
    await h.deliver(
      topics.deal,
      ...[contracts.manager, contracts.director, contracts.board].flatMap((contract) => dealEvents(contract.dealId)),
    );
    await h.deliver(
      topics.contract,
      ...Object.values(contracts).map((contract) => approvalRequested(tenant, contract, 3, requestedAt)),
    );
    await h.deliver(topics.deal, ...dealEvents(contracts.superseded.dealId));

    // Human decisions, and the contracts subgraph's answers to them (the saga's next step).
    await complete(
      { tenant, roles: ['SALES_MANAGER'], sub: 'manager-1' },
      contracts.manager.id,
      'APPROVE',
      'within policy',
    );
    await complete(
      { tenant, roles: ['CEO_BOARD'], sub: 'board-1' },
      contracts.director.id,
      'REJECT',
      'Discount above policy',
    );
    await h.deliver(
      topics.contract,
      contractApproved(tenant, contracts.manager, 4, new Date(requestedAt.getTime() + HOUR)),
      contractRejected(tenant, contracts.director, 'Discount above policy', 4, new Date(requestedAt.getTime() + HOUR)),
    );
    // A revised contract asks again: the first approval is cancelled, a second one opens (due later).
    await h.deliver(
      topics.contract,
      approvalRequested(tenant, contracts.superseded, 5, new Date(requestedAt.getTime() + 10 * HOUR)),
    );
    // Signing opens IMPLEMENTATION_PLANNING, which operations completes.
    await h.deliver(
      topics.contract,
      contractSigned(tenant, contracts.manager, new Date(requestedAt.getTime() + 2 * HOUR)),
    );
    await complete(
      { tenant, roles: ['OPERATIONS'], sub: 'ops-1' },
      contracts.manager.id,
      'DONE',
      null,
      'IMPLEMENTATION_PLANNING',
    );
    // ANS registration: one submitted (DONE), one removed (CANCELLED), one left open.
    await h.deliver(
      topics.beneficiary,
      ...Object.values(beneficiaries).map((id) => beneficiaryEnrolled(tenant, id, beneficiaryContract, ansDeadline)),
    );
    await h.deliver(
      topics.beneficiary,
      ansSubmitted(tenant, beneficiaries.submitted, beneficiaryContract, ansDeadline),
      beneficiaryRemoved(tenant, beneficiaries.removed, beneficiaryContract, ansDeadline),
    );

    // 49 hours later only the CEO_BOARD approval is open past its due time: the sweeper breaches it.
    breachedTaskId = (await taskOf(contracts.board.id)).id;
    now += 49 * HOUR;
    await waitFor(async () => (await h.outbox('sla.breached')).length === 1, {
      description: "the app's sweeper to breach the overdue approval",
    });
    await waitFor(async () => (await unpublished()) === 0, {
      description: 'the relay to publish every workflows event',
    });
    await h.caughtUp();
  });

  after(async () => {
    await h?.stop();
  });

  it('ran a stream with every kind of task change', async () => {
    const { rows } = await h.sql.query(
      `select type, status, outcome, assignee_role, breached_at is not null as breached from workflows.task order by type, status, outcome, assignee_role`,
    );
    assert.deepEqual(
      rows.map(
        (row) =>
          `${row.type} ${row.status} ${row.outcome ?? '-'} ${row.assignee_role}${row.breached ? ' breached' : ''}`,
      ),
      [
        'ANS_REGISTRATION CANCELLED - OPERATIONS',
        'ANS_REGISTRATION DONE DONE OPERATIONS',
        'ANS_REGISTRATION OPEN - OPERATIONS',
        'APPROVAL CANCELLED - SALES_MANAGER',
        'APPROVAL DONE APPROVE SALES_MANAGER',
        'APPROVAL DONE REJECT COMMERCIAL_DIRECTOR',
        'APPROVAL OPEN - CEO_BOARD breached',
        'APPROVAL OPEN - SALES_MANAGER',
        'IMPLEMENTATION_PLANNING DONE DONE OPERATIONS',
      ],
    );
    const [breach] = await h.outbox('sla.breached');
    assert.equal(breach!.aggregateId, breachedTaskId);
    const { rows: late } = await h.sql.query(`select phase_history from workflows.process_instance where id = $1`, [
      processIdFor(tenant, contracts.superseded.dealId),
    ]);
    assert.deepEqual(
      late[0].phase_history.map((entry: { phase: string }) => entry.phase),
      ['QUALIFICATION', 'NEGOTIATION', 'APPROVAL'],
      "deal events that came after the contract's are placed in time order",
    );
  });

  it('rebuilds workflows.tasks and workflows.process with their consumers stopped: the same rows, the same inbox, nothing emitted again', async () => {
    const tasks = (await h.sql.query(taskRows)).rows.map(withoutWriteTimes);
    const processes = (await h.sql.query(processRows)).rows.map(withoutRowTimes);
    const taskInbox = await inbox(taskProjection.name);
    const processInbox = await inbox(processProjection.name);
    const outbox = await outboxRows();
    assert.equal(tasks.length, 9);
    assert.equal(processes.length, 4);

    await consumer(taskProjection.name).stop();
    await consumer(processProjection.name).stop();
    const rebuiltTasks = await rebuildProjection({
      definition: taskProjection,
      bus: h.bus,
      em: h.app.orm.em,
      schema: 'workflows',
      pollMs: 50,
    });
    const rebuiltProcesses = await rebuildProjection({
      definition: processProjection,
      bus: h.bus,
      em: h.app.orm.em,
      schema: 'workflows',
      pollMs: 50,
    });

    assert.deepEqual((await h.sql.query(taskRows)).rows.map(withoutWriteTimes), tasks);
    assert.deepEqual((await h.sql.query(processRows)).rows.map(withoutRowTimes), processes);
    assert.deepEqual(await inbox(taskProjection.name), taskInbox);
    assert.deepEqual(await inbox(processProjection.name), processInbox);
    assert.deepEqual(
      await outboxRows(),
      outbox,
      'no task, SLA or process event was written again, and the sweeper breached nothing twice',
    );
    console.log(
      `workflows rebuild: tasks ${rebuiltTasks.applied} events in ${rebuiltTasks.ms} ms, processes ${rebuiltProcesses.applied} events in ${rebuiltProcesses.ms} ms`,
    );
    // tasks: 16 task events (9 created, 4 completed, 2 cancelled, 1 breached), 8 contract and 5 beneficiary events
    assert.equal(rebuiltTasks.applied, 29);
    // processes: 8 deal events and 8 contract events
    assert.equal(rebuiltProcesses.applied, 16);
  });

  it('goes on live after the rebuild: decisions on rebuilt tasks and process events continue from the versions already written', async () => {
    await consumer(taskProjection.name).start();
    await consumer(processProjection.name).start();
    const open = await taskOf(beneficiaries.open, 'ANS_REGISTRATION');
    const done = await complete(
      { tenant, roles: ['OPERATIONS'], sub: 'ops-2' },
      beneficiaries.open,
      'DONE',
      null,
      'ANS_REGISTRATION',
    );
    assert.deepEqual(done.task, { status: 'DONE', version: open.version + 1 });
    const [completed] = (await h.outbox('task.completed')).filter((event) => event.eventId === done.eventId);
    assert.equal(completed!.aggregateVersion, open.version + 1);

    const processId = processIdFor(tenant, contracts.board.dealId);
    const versions = async () =>
      (await h.outbox()).filter((event) => event.aggregateId === processId).map((event) => event.aggregateVersion);
    const before = await versions();
    await h.deliver(topics.contract, contractApproved(tenant, contracts.board, 4, new Date(now)));
    const after = await versions();
    assert.deepEqual(after, [...before, Math.max(...before) + 1]);
    const [changed] = (await h.outbox('process.phase_changed'))
      .filter((event) => event.aggregateId === processId)
      .slice(-1);
    assert.deepEqual((changed!.data as EventData<'process.phase_changed'>).to, 'CONTRACTING');
    assert.equal(
      (await taskOf(contracts.board.id)).status,
      'CANCELLED',
      'the approval decided elsewhere is cancelled, as before the rebuild',
    );
  });
});
