import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { topics, type EventData } from '@salesgraph/events';
import { uniqueName, waitFor } from '@salesgraph/testkit';
import { startWorkflowsHarness, type Caller, type WorkflowsHarness } from '../testing/workflows-harness.js';
import {
  approvalRequested,
  beneficiaryEnrolled,
  contractSigned,
  type ApprovalLevel,
  type ContractRef,
} from '../testing/events.js';

const HOUR = 3_600_000;
const taskFields =
  'id type status assigneeRole dueAt overdue outcome comment completedBy version contract { id } beneficiary { id } deal { id } process { phase }';
const approvalTasksQuery = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Contract { id approvalTasks { ${taskFields} } } } }`;
const completeMutation = `mutation($id: ID!, $outcome: TaskOutcome!, $comment: String, $version: Int!) {
  completeTask(id: $id, outcome: $outcome, comment: $comment, version: $version) { task { ${taskFields} } problem { reason message } eventId } }`;
const tasksQuery = `query($filter: TaskFilter, $first: Int, $after: String) { tasks(filter: $filter, first: $first, after: $after) {
  edges { node { id type assigneeRole overdue } } pageInfo { hasNextPage endCursor } } }`;

type TaskView = {
  id: string;
  type: string;
  status: string;
  assigneeRole: string;
  dueAt: string;
  overdue: boolean;
  version: number;
  outcome: string | null;
  comment: string | null;
  completedBy: string | null;
  process: { phase: string } | null;
};

describe('workflows: tasks from contract and beneficiary events, and completeTask, on real Kafka and PostgreSQL', () => {
  let h: WorkflowsHarness;
  const statements: string[] = [];
  const tenant = uniqueName('tenant');
  const admin: Caller = { tenant, roles: ['SYSTEM_ADMIN'] };
  const contracts: Record<string, ContractRef> = {};
  const requestedAt = new Date(Math.floor(Date.now() / 1000) * 1000);

  const approvalTasks = async (contractIds: string[], caller: Caller = admin): Promise<TaskView[][]> => {
    const result = await h.call(caller, approvalTasksQuery, {
      r: contractIds.map((id) => ({ __typename: 'Contract', id })),
    });
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    return result.data!['_entities'].map((entity: { approvalTasks: TaskView[] }) => entity.approvalTasks);
  };
  const onlyTask = async (contract: ContractRef) => {
    const [tasks] = await approvalTasks([contract.id]);
    assert.equal(tasks!.length, 1);
    return tasks![0]!;
  };
  const complete = (
    caller: Caller,
    variables: { id: string; outcome: string; comment?: string | null; version: number },
  ) => h.call(caller, completeMutation, variables);
  const requestApproval = async (level: ApprovalLevel) => {
    const contract = { id: randomUUID(), dealId: randomUUID(), approvalLevel: level };
    await h.deliver(topics.contract, approvalRequested(tenant, contract, 3, requestedAt));
    return contract;
  };

  before(async () => {
    h = await startWorkflowsHarness({ prefix: 'workflows_tasks', onQuery: (sql) => statements.push(sql) });
  });

  after(async () => {
    await h?.stop();
  });

  it("creates one APPROVAL task per approval level, for that level's role, due 48 hours after the request, and none for AUTO", async () => {
    const levels: ApprovalLevel[] = ['SALES_MANAGER', 'COMMERCIAL_DIRECTOR', 'CEO_BOARD', 'AUTO'];
    for (const level of levels) contracts[level] = { id: randomUUID(), dealId: randomUUID(), approvalLevel: level };
    await h.deliver(
      topics.contract,
      ...levels.map((level) => approvalRequested(tenant, contracts[level]!, 3, requestedAt)),
    );
    const tasks = await approvalTasks(levels.map((level) => contracts[level]!.id));
    assert.deepEqual(
      tasks.map((list) =>
        list.map((task) => `${task.type} ${task.status} ${task.assigneeRole} ${task.dueAt} ${task.version}`),
      ),
      [
        ...levels
          .slice(0, 3)
          .map((level) => [`APPROVAL OPEN ${level} ${new Date(requestedAt.getTime() + 48 * HOUR).toISOString()} 1`]),
        [],
      ],
    );
    assert.deepEqual(tasks[0]![0]!.process, { phase: 'APPROVAL' }, "the process consumer moved the deal's process too");
    const created = (await h.outbox('task.created')).map((event) => (event.data as EventData<'task.created'>).task);
    assert.deepEqual(
      created.map((task) => `${task.subjectId} ${task.assigneeRole}`).sort(),
      levels
        .slice(0, 3)
        .map((level) => `${contracts[level]!.id} ${level}`)
        .sort(),
    );
  });

  it('creates no second task when an approval request is redelivered', async () => {
    const before = (await h.outbox()).length;
    const contract = contracts['CEO_BOARD']!;
    const redelivered = approvalRequested(tenant, contract, 3, requestedAt);
    await h.deliver(topics.contract, redelivered, redelivered);
    await h.deliver(topics.contract, { ...redelivered, eventId: randomUUID() });
    assert.equal((await approvalTasks([contract.id]))[0]!.length, 1);
    assert.equal((await h.outbox()).length, before);
  });

  it('refuses completion by a role below the approval tier or outside it, and changes nothing', async () => {
    const task = await onlyTask(contracts['COMMERCIAL_DIRECTOR']!);
    for (const roles of [['SALES_MANAGER'], ['OPERATIONS'], ['SALES_REP', 'LEGAL_COUNSEL']] as const) {
      const result = await complete({ tenant, roles }, { id: task.id, outcome: 'APPROVE', version: task.version });
      assert.equal(result.errors?.[0]?.extensions?.['code'], 'FORBIDDEN', `${roles.join(',')} must be refused`);
    }
    assert.deepEqual(await onlyTask(contracts['COMMERCIAL_DIRECTOR']!), task);
    assert.deepEqual(await h.outbox('task.completed'), []);
  });

  it('completes an approval with APPROVE, writes task.completed with the outcome, and the relay publishes it', async () => {
    const task = await onlyTask(contracts['COMMERCIAL_DIRECTOR']!);
    const result = await complete(
      { tenant, roles: ['COMMERCIAL_DIRECTOR'], sub: 'director-1' },
      { id: task.id, outcome: 'APPROVE', comment: ' within policy ', version: task.version },
    );
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    const { task: done, problem, eventId } = result.data!['completeTask'];
    assert.equal(problem, null);
    assert.deepEqual(
      [done.status, done.outcome, done.comment, done.completedBy, done.version],
      ['DONE', 'APPROVE', 'within policy', 'director-1', 2],
    );
    const [event] = (await h.outbox('task.completed')).filter((row) => row.eventId === eventId);
    assert.ok(event);
    assert.equal(event.aggregateVersion, 2);
    assert.deepEqual(event.data, {
      task: {
        ...(event.data as EventData<'task.completed'>).task,
        type: 'APPROVAL',
        subjectType: 'Contract',
        subjectId: contracts['COMMERCIAL_DIRECTOR']!.id,
        status: 'DONE',
        outcome: 'APPROVE',
      },
      completedBy: 'director-1',
      comment: 'within policy',
    });
    await waitFor(() => h.published.some((published) => published.eventId === eventId), {
      description: 'task.completed on the task topic',
    });
  });

  it("lets a higher tier decide a lower tier's approval", async () => {
    const task = await onlyTask(contracts['SALES_MANAGER']!);
    const result = await complete(
      { tenant, roles: ['CEO_BOARD'], sub: 'ceo' },
      { id: task.id, outcome: 'APPROVE', version: task.version },
    );
    assert.equal(result.data!['completeTask'].task.status, 'DONE');
  });

  it('refuses REJECT without a comment, and REJECT with one writes task.completed carrying the outcome and the comment', async () => {
    const task = await onlyTask(contracts['CEO_BOARD']!);
    const board: Caller = { tenant, roles: ['CEO_BOARD'], sub: 'board-1' };
    for (const comment of [null, '   ']) {
      const refused = await complete(board, { id: task.id, outcome: 'REJECT', comment, version: task.version });
      assert.equal(refused.errors?.[0]?.extensions?.['code'], 'BAD_USER_INPUT');
      assert.equal(refused.errors?.[0]?.extensions?.['field'], 'comment');
    }
    const wrongOutcome = await complete(board, { id: task.id, outcome: 'DONE', version: task.version });
    assert.equal(wrongOutcome.errors?.[0]?.extensions?.['field'], 'outcome');
    assert.equal((await onlyTask(contracts['CEO_BOARD']!)).status, 'OPEN');
    const rejected = await complete(board, {
      id: task.id,
      outcome: 'REJECT',
      comment: 'Discount above policy',
      version: task.version,
    });
    const { eventId } = rejected.data!['completeTask'];
    const [event] = (await h.outbox('task.completed')).filter((row) => row.eventId === eventId);
    const data = event!.data as EventData<'task.completed'>;
    assert.deepEqual(
      [data.task.outcome, data.comment, data.completedBy, data.task.subjectId],
      ['REJECT', 'Discount above policy', 'board-1', contracts['CEO_BOARD']!.id],
    );
  });

  it('answers ALREADY_COMPLETED to a second completion and STALE_VERSION to an old version, writing nothing', async () => {
    const done = await onlyTask(contracts['COMMERCIAL_DIRECTOR']!);
    const completedBefore = (await h.outbox('task.completed')).length;
    const again = await complete(
      { tenant, roles: ['COMMERCIAL_DIRECTOR'] },
      { id: done.id, outcome: 'REJECT', comment: 'changed my mind', version: done.version },
    );
    assert.deepEqual(again.data!['completeTask'].problem.reason, 'ALREADY_COMPLETED');
    const open = await onlyTask(await requestApproval('SALES_MANAGER'));
    const stale = await complete(
      { tenant, roles: ['SALES_MANAGER'] },
      { id: open.id, outcome: 'APPROVE', version: open.version + 1 },
    );
    assert.deepEqual(stale.data!['completeTask'].problem.reason, 'STALE_VERSION');
    assert.equal((await h.outbox('task.completed')).length, completedBefore);
    assert.deepEqual((await onlyTask(contracts['COMMERCIAL_DIRECTOR']!)).outcome, 'APPROVE');
  });

  it('creates IMPLEMENTATION_PLANNING for OPERATIONS due 5 days after signing, which OPERATIONS completes with DONE', async () => {
    const contract = { id: randomUUID(), dealId: randomUUID() };
    const signedAt = new Date('2026-05-04T15:30:00.000Z');
    await h.deliver(topics.contract, contractSigned(tenant, contract, signedAt));
    const listed = await h.call({ tenant, roles: ['OPERATIONS'] }, tasksQuery, {
      filter: { type: 'IMPLEMENTATION_PLANNING' },
    });
    const [edge] = listed.data!['tasks'].edges;
    assert.equal(listed.data!['tasks'].edges.length, 1);
    assert.equal(edge.node.assigneeRole, 'OPERATIONS');
    const [row] = (
      await h.sql.query(`select due_at, subject_id, deal_id from workflows.task where id = $1`, [edge.node.id])
    ).rows;
    assert.deepEqual(row, {
      due_at: new Date(signedAt.getTime() + 5 * 24 * HOUR),
      subject_id: contract.id,
      deal_id: contract.dealId,
    });
    const done = await complete(
      { tenant, roles: ['OPERATIONS'], sub: 'ops-1' },
      { id: edge.node.id, outcome: 'DONE', version: 1 },
    );
    assert.equal(done.data!['completeTask'].task.status, 'DONE');
  });

  it("creates ANS_REGISTRATION for OPERATIONS due at the beneficiary's ANS deadline, shown on Beneficiary.ansTask", async () => {
    const beneficiary = randomUUID();
    const deadline = new Date(Date.now() + 70 * HOUR);
    await h.deliver(topics.beneficiary, beneficiaryEnrolled(tenant, beneficiary, randomUUID(), deadline));
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Beneficiary { ansTask { type status assigneeRole dueAt overdue beneficiary { id } } } } }`;
    const result = await h.call({ tenant, roles: ['OPERATIONS'] }, query, {
      r: [{ __typename: 'Beneficiary', id: beneficiary }],
    });
    assert.deepEqual(result.data!['_entities'], [
      {
        ansTask: {
          type: 'ANS_REGISTRATION',
          status: 'OPEN',
          assigneeRole: 'OPERATIONS',
          dueAt: deadline.toISOString(),
          overdue: false,
          beneficiary: { id: beneficiary },
        },
      },
    ]);
    const hidden = await h.call({ tenant, roles: ['SALES_REP'] }, query, {
      r: [{ __typename: 'Beneficiary', id: beneficiary }],
    });
    assert.deepEqual(hidden.data!['_entities'], [{ ansTask: null }], 'a SALES_REP does not see OPERATIONS tasks');
  });

  it('lists the tasks a caller may see, filtered by status, type, role and overdue, page by page', async () => {
    const own = uniqueName('tenant');
    const past = new Date(Date.now() - 2 * HOUR);
    await h.deliver(
      topics.beneficiary,
      beneficiaryEnrolled(own, randomUUID(), randomUUID(), past),
      beneficiaryEnrolled(own, randomUUID(), randomUUID(), new Date(Date.now() + 60 * HOUR)),
    );
    await h.deliver(
      topics.contract,
      contractSigned(own, { id: randomUUID(), dealId: randomUUID() }, new Date()),
      approvalRequested(own, { id: randomUUID(), dealId: randomUUID(), approvalLevel: 'SALES_MANAGER' }, 3, new Date()),
    );
    const list = async (roles: Caller['roles'], filter: Record<string, unknown> = {}, first = 20, after?: string) => {
      const result = await h.call({ tenant: own, roles }, tasksQuery, { filter, first, after });
      assert.equal(result.errors, undefined, JSON.stringify(result.errors));
      return result.data!['tasks'] as {
        edges: { node: { id: string; type: string; assigneeRole: string; overdue: boolean } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    };
    const types = async (...args: Parameters<typeof list>) => (await list(...args)).edges.map((edge) => edge.node.type);
    assert.deepEqual(
      await types(['OPERATIONS']),
      ['ANS_REGISTRATION', 'ANS_REGISTRATION', 'IMPLEMENTATION_PLANNING'],
      'OPERATIONS sees its three, soonest due first',
    );
    assert.deepEqual(await types(['SALES_REP']), []);
    assert.equal((await list(['SALES_MANAGER'])).edges.length, 4, 'managers see every task of the tenant');
    assert.deepEqual(await types(['SALES_MANAGER'], { assigneeRole: 'SALES_MANAGER' }), ['APPROVAL']);
    assert.deepEqual(await types(['OPERATIONS'], { overdue: true }), ['ANS_REGISTRATION']);
    assert.equal((await list(['OPERATIONS'], { overdue: true })).edges[0]!.node.overdue, true);
    assert.deepEqual(await types(['OPERATIONS'], { overdue: false, type: 'ANS_REGISTRATION' }), ['ANS_REGISTRATION']);
    assert.deepEqual(await types(['SYSTEM_ADMIN'], { status: 'DONE' }), []);
    const page1 = await list(['SYSTEM_ADMIN'], {}, 3);
    const page2 = await list(['SYSTEM_ADMIN'], {}, 3, page1.pageInfo.endCursor);
    assert.deepEqual(
      [page1.edges.length, page1.pageInfo.hasNextPage, page2.edges.length, page2.pageInfo.hasNextPage],
      [3, true, 1, false],
    );
    assert.equal(new Set([...page1.edges, ...page2.edges].map((edge) => edge.node.id)).size, 4);
  });

  it('keeps tasks of one tenant invisible and untouchable to another', async () => {
    const task = await onlyTask(contracts['COMMERCIAL_DIRECTOR']!);
    const stranger: Caller = { tenant: uniqueName('other'), roles: ['SYSTEM_ADMIN'] };
    assert.deepEqual((await h.call(stranger, tasksQuery, {})).data!['tasks'].edges, []);
    assert.deepEqual(await approvalTasks([contracts['COMMERCIAL_DIRECTOR']!.id], stranger), [[]]);
    const entity = await h.call(
      stranger,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Task { id } } }`,
      { r: [{ __typename: 'Task', id: task.id }] },
    );
    assert.deepEqual(entity.data!['_entities'], [null]);
    const open = await onlyTask(await requestApproval('COMMERCIAL_DIRECTOR'));
    const attempt = await complete(stranger, { id: open.id, outcome: 'APPROVE', version: open.version });
    assert.equal(attempt.errors?.[0]?.extensions?.['code'], 'NOT_FOUND');
    assert.equal(
      (await h.sql.query(`select status from workflows.task where id = $1`, [open.id])).rows[0].status,
      'OPEN',
    );
  });

  it('resolves Contract.approvalTasks for any number of contracts with one SQL statement', async () => {
    const many: string[] = [];
    for (let i = 0; i < 30; i++) many.push(randomUUID());
    await h.deliver(
      topics.contract,
      ...many.map((id) =>
        approvalRequested(tenant, { id, dealId: randomUUID(), approvalLevel: 'SALES_MANAGER' }, 3, requestedAt),
      ),
    );
    const count = async (ids: string[]) => {
      statements.length = 0;
      const lists = await approvalTasks(ids, { tenant, roles: ['SALES_MANAGER'] });
      assert.ok(lists.every((list) => list.length === 1));
      return statements.filter((sql) => sql.includes('"task"')).length;
    };
    const few = await count(many.slice(0, 3));
    assert.equal(few, await count(many));
    assert.equal(few, 1);
  });
});
