import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  createEvent,
  dlqTopicFor,
  topics,
  type EventData,
  type EventEnvelope,
  type EventType,
} from '@salesgraph/events';
import type { BusConsumer, BusMessage } from '@salesgraph/kafka';
import { uniqueName, waitFor } from '@salesgraph/testkit';
import { startWorkflowsHarness, type WorkflowsHarness } from '../testing/workflows-harness.js';
import { approvalRequested } from '../testing/events.js';
import type { WholeTaskSnapshot } from './task.events.js';

type TaskEventType = Extract<EventType, 'task.created' | 'task.completed' | 'task.cancelled' | 'sla.breached'>;

describe('workflows.tasks restores tasks from the workflows task topic on real Kafka and PostgreSQL', () => {
  let h: WorkflowsHarness;
  let deadLetterReader: BusConsumer;
  const deadLetters: BusMessage[] = [];
  const tenant = uniqueName('tenant');

  const snapshot = (overrides: Partial<WholeTaskSnapshot> = {}): WholeTaskSnapshot => ({
    id: randomUUID(),
    type: 'APPROVAL',
    processId: randomUUID(),
    subjectType: 'Contract',
    subjectId: randomUUID(),
    assigneeRole: 'COMMERCIAL_DIRECTOR',
    assigneeId: null,
    dueAt: '2026-05-06T12:00:00.000Z',
    status: 'OPEN',
    outcome: null,
    dealId: randomUUID(),
    sourceEventId: randomUUID(),
    createdAt: '2026-05-04T12:00:00.000Z',
    comment: null,
    completedBy: null,
    completedAt: null,
    cancelReason: null,
    breachedAt: null,
    ...overrides,
  });
  const taskEvent = <T extends TaskEventType>(eventType: T, version: number, data: EventData<T>): EventEnvelope =>
    createEvent({
      eventType,
      tenantId: tenant,
      aggregateType: 'task',
      aggregateId: data.task.id,
      aggregateVersion: version,
      source: 'workflows',
      actor: 'someone',
      data,
    });
  const row = async (id: string) => (await h.sql.query(`select * from workflows.task where id = $1`, [id])).rows[0];

  before(async () => {
    h = await startWorkflowsHarness({ prefix: 'workflows_restore' });
    await h.bus.ensureTopics([dlqTopicFor(topics.task)]);
    deadLetterReader = await h.bus.consumer({
      groupId: `dlq-${randomUUID()}`,
      topics: [dlqTopicFor(topics.task)],
      fromBeginning: true,
    });
    await deadLetterReader.run(async (message) => {
      deadLetters.push(message);
    });
  });

  after(async () => {
    await deadLetterReader?.stop();
    await h?.stop();
  });

  it('restores a missing task from its newest event alone, decision included, and later events move it on', async () => {
    const created = snapshot();
    const decided = {
      ...created,
      status: 'DONE' as const,
      outcome: 'REJECT' as const,
      comment: 'Discount above policy',
      completedBy: 'director-1',
      completedAt: '2026-05-05T08:30:00.000Z',
    };
    // The completion reaches the consumer first (as when the table was emptied); its creation, older, comes after.
    await h.deliver(
      topics.task,
      taskEvent('task.completed', 2, { task: decided, completedBy: 'director-1', comment: 'Discount above policy' }),
    );
    await h.deliver(topics.task, taskEvent('task.created', 1, { task: created }));
    const { updated_at: _written, ...restored } = await row(created.id);
    assert.deepEqual(restored, {
      id: created.id,
      tenant_id: tenant,
      version: 2,
      type: 'APPROVAL',
      status: 'DONE',
      assignee_role: 'COMMERCIAL_DIRECTOR',
      assignee_id: null,
      due_at: new Date(created.dueAt),
      outcome: 'REJECT',
      comment: 'Discount above policy',
      completed_by: 'director-1',
      completed_at: new Date(decided.completedAt),
      cancel_reason: null,
      breached_at: null,
      subject_type: 'Contract',
      subject_id: created.subjectId,
      deal_id: created.dealId,
      process_id: created.processId,
      source_event_id: created.sourceEventId,
      created_at: new Date(created.createdAt),
    });
    await h.deliver(
      topics.task,
      taskEvent('sla.breached', 3, {
        task: { ...decided, breachedAt: '2026-05-06T12:00:05.000Z' },
        breachedAt: '2026-05-06T12:00:05.000Z',
      }),
    );
    assert.deepEqual(
      [(await row(created.id)).version, (await row(created.id)).breached_at],
      [3, new Date('2026-05-06T12:00:05.000Z')],
    );
    assert.deepEqual(await h.outbox(), [], 'restoring emits nothing');
  });

  it('changes nothing live: the row written with each task event already holds its version', async () => {
    const contract = { id: randomUUID(), dealId: randomUUID(), approvalLevel: 'SALES_MANAGER' as const };
    await h.deliver(topics.contract, approvalRequested(tenant, contract, 3));
    const task = (await h.sql.query(`select * from workflows.task where subject_id = $1`, [contract.id])).rows[0];
    const result = await h.call(
      { tenant, roles: ['SALES_MANAGER'] },
      `mutation($id: ID!, $v: Int!) { completeTask(id: $id, outcome: APPROVE, version: $v) { eventId } }`,
      { id: task.id, v: task.version },
    );
    const { eventId } = result.data!['completeTask'];
    const decided = await row(task.id);
    await waitFor(
      async () =>
        (
          await h.sql.query(
            `select 1 from workflows.inbox_event where consumer = 'workflows.tasks' and event_id = $1`,
            [eventId],
          )
        ).rowCount === 1,
      {
        description: 'the tasks consumer to read task.completed back from the task topic',
      },
    );
    assert.deepEqual(await row(task.id), decided, 'not even updated_at changed');
  });

  it('dead-letters, with the reason, an event that predates whole-task snapshots when it would have to restore the row, and writes no half task', async () => {
    const {
      dealId: _dealId,
      sourceEventId: _source,
      createdAt: _created,
      comment: _comment,
      completedBy: _by,
      completedAt: _at,
      cancelReason: _reason,
      breachedAt: _breached,
      ...short
    } = snapshot({ status: 'DONE', outcome: 'APPROVE' });
    const old = taskEvent('task.completed', 2, { task: short, completedBy: 'director-1', comment: null });
    await h.deliver(topics.task, old);
    const [letter] = await waitFor(() => (deadLetters.length > 0 ? deadLetters : undefined), {
      description: 'the dead letter',
    });
    assert.match(
      letter!.headers['x-dlq-reason']!,
      new RegExp(
        `task.completed ${old.eventId} failed: Error: task ${short.id} cannot be restored from version 2: the event predates task events carrying the whole task`,
      ),
    );
    assert.equal(await row(short.id), undefined);
  });
});
