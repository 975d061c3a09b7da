import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createEvent, topics, type EventEnvelope } from '@salesgraph/events';
import { waitFor } from '@salesgraph/testkit';
import {
  REVISE,
  SUBMIT,
  startContractsHarness,
  type Caller,
  type ContractsHarness,
  type TestDeal,
} from '../testing/contracts-harness.js';

type Outcome = 'APPROVE' | 'REJECT' | 'DONE';

describe('contracts: approval decisions from workflows task.completed events on real Kafka', () => {
  let h: ContractsHarness;
  let manager: Caller;
  let deal: TestDeal;

  const taskCompleted = (
    contractId: string,
    options: {
      outcome: Outcome;
      assigneeRole: string | null;
      comment?: string | null;
      type?: 'APPROVAL' | 'IMPLEMENTATION_PLANNING';
      tenant?: string;
    },
  ) =>
    createEvent({
      eventType: 'task.completed',
      tenantId: options.tenant ?? h.tenant,
      aggregateType: 'task',
      aggregateId: randomUUID(),
      aggregateVersion: 2,
      source: 'workflows',
      actor: 'approver-7',
      data: {
        task: {
          id: randomUUID(),
          type: options.type ?? 'APPROVAL',
          processId: null,
          subjectType: 'Contract',
          subjectId: contractId,
          assigneeRole: options.assigneeRole,
          assigneeId: null,
          dueAt: new Date(Date.now() + 48 * 3600_000).toISOString(),
          status: 'DONE',
          outcome: options.outcome,
        },
        completedBy: 'approver-7',
        comment: options.comment ?? null,
      },
    });
  const lagIsZero = async () => {
    const consumer = h.app.projections.find((projection) => projection.name === 'contracts.approval-decisions')!;
    return (await consumer.lag()).every((entry) => entry.lag === 0);
  };
  const contractRow = async (id: string) =>
    (
      await h.sql.query(
        'select status, approved_by, rejection_reason, event_sequence from contracts.contract where id = $1',
        [id],
      )
    ).rows[0];
  /** Drafts and submits a contract of the given premium for one life; returns it PENDING_APPROVAL. */
  const pending = async (premium: string, discountPercent = '0') => {
    const input = {
      dealId: deal.id,
      planType: 'AMBULATORIAL',
      monthlyPremiumPerLife: premium,
      contractedLives: 1,
      discountPercent,
      startDate: '2027-01-01',
      endDate: '2028-01-01',
    };
    const { submitted } = await h.draftAndSubmit(input, manager);
    assert.equal(submitted.status, 'PENDING_APPROVAL');
    return submitted as { id: string; version: number; approvalLevel: string };
  };
  const publishTask = (event: EventEnvelope) => h.publish(topics.task, event);

  before(async () => {
    h = await startContractsHarness('contracts_approval');
    manager = h.as(['SALES_MANAGER'], 'manager-1');
    deal = await h.openDeal('NEGOTIATION');
  });

  after(async () => {
    await h?.close();
  });

  it('approves a PENDING_APPROVAL contract on APPROVE, writing contract.approved with the approver in the same transaction', async () => {
    const contract = await pending('10000.00');
    assert.equal(contract.approvalLevel, 'SALES_MANAGER');
    await publishTask(taskCompleted(contract.id, { outcome: 'APPROVE', assigneeRole: 'SALES_MANAGER' }));
    await waitFor(async () => (await contractRow(contract.id)).status === 'APPROVED', {
      description: 'the contract to be APPROVED',
    });
    const row = await contractRow(contract.id);
    assert.equal(row.approved_by, 'approver-7');
    const events = await h.outbox(contract.id);
    assert.deepEqual(
      events.map((e) => [e.eventType, e.aggregateVersion]),
      [
        ['contract.drafted', 1],
        ['contract.submitted', 2],
        ['contract.approval_requested', 3],
        ['contract.approved', 4],
      ],
    );
    assert.deepEqual(
      {
        approvedBy: (events[3]!.data as { approvedBy: string }).approvedBy,
        actor: events[3]!.actor,
        tenant: events[3]!.tenantId,
      },
      { approvedBy: 'approver-7', actor: 'approver-7', tenant: h.tenant },
    );
    const applied = await h.sql.query(
      `select 1 from contracts.inbox_event where consumer = 'contracts.approval-decisions'`,
    );
    assert.ok(applied.rowCount! >= 1);
  });

  it('rejects on REJECT with the comment as the reason, then the contract can be revised back to DRAFT and resubmitted', async () => {
    const contract = await pending('30000.00', '5');
    assert.equal(contract.approvalLevel, 'SALES_MANAGER');
    await publishTask(
      taskCompleted(contract.id, {
        outcome: 'REJECT',
        assigneeRole: 'SALES_MANAGER',
        comment: 'Desconto acima da política',
      }),
    );
    await waitFor(async () => (await contractRow(contract.id)).status === 'REJECTED', {
      description: 'the contract to be REJECTED',
    });
    const events = await h.outbox(contract.id);
    assert.equal(events.at(-1)!.eventType, 'contract.rejected');
    assert.equal((events.at(-1)!.data as { reason: string }).reason, 'Desconto acima da política');
    const read = await h.call(manager, `query($id: ID!) { contract(id: $id) { status rejectionReason version } }`, {
      id: contract.id,
    });
    assert.deepEqual(
      { ...read.data!['contract'], version: undefined },
      { status: 'REJECTED', rejectionReason: 'Desconto acima da política', version: undefined },
    );

    const revised = (
      await h.call(manager, REVISE, {
        input: { id: contract.id, version: read.data!['contract'].version, discountPercent: '0' },
      })
    ).data!['reviseContract'];
    assert.deepEqual([revised.contract.status, revised.contract.rejectionReason], ['DRAFT', null]);
    const resubmitted = (
      await h.call(manager, SUBMIT, { input: { id: contract.id, version: revised.contract.version } })
    ).data!['submitContract'];
    assert.equal(resubmitted.contract.status, 'PENDING_APPROVAL');
    assert.deepEqual(
      (await h.outbox(contract.id)).slice(-3).map((e) => e.eventType),
      ['contract.drafted', 'contract.submitted', 'contract.approval_requested'],
    );
  });

  it('applies a redelivered decision once: one contract.approved however often the event arrives', async () => {
    const contract = await pending('20000.00');
    const decision = taskCompleted(contract.id, { outcome: 'APPROVE', assigneeRole: 'SALES_MANAGER' });
    await publishTask(decision);
    await publishTask(decision);
    await waitFor(async () => (await contractRow(contract.id)).status === 'APPROVED', {
      description: 'the contract to be APPROVED',
    });
    await publishTask(decision);
    await waitFor(lagIsZero, { description: 'the consumer to catch up' });
    const approvals = (await h.outbox(contract.id)).filter((e) => e.eventType === 'contract.approved');
    assert.equal(approvals.length, 1);
  });

  it("ignores a decision by a tier below the contract's level and accepts one by a higher tier", async () => {
    const contract = await pending('50000.00');
    assert.equal(contract.approvalLevel, 'COMMERCIAL_DIRECTOR');
    await publishTask(taskCompleted(contract.id, { outcome: 'APPROVE', assigneeRole: 'SALES_MANAGER' }));
    await waitFor(lagIsZero, { description: 'the consumer to catch up' });
    assert.equal((await contractRow(contract.id)).status, 'PENDING_APPROVAL');
    await publishTask(taskCompleted(contract.id, { outcome: 'APPROVE', assigneeRole: 'CEO_BOARD' }));
    await waitFor(async () => (await contractRow(contract.id)).status === 'APPROVED', {
      description: 'the CEO_BOARD approval',
    });
  });

  it('ignores tasks that are not approvals, decisions for contracts no longer pending, and decisions from another tenant', async () => {
    const contract = await pending('30000.00');
    const before = await contractRow(contract.id);
    await publishTask(
      taskCompleted(contract.id, { outcome: 'DONE', assigneeRole: 'OPERATIONS', type: 'IMPLEMENTATION_PLANNING' }),
    );
    await publishTask(
      taskCompleted(contract.id, { outcome: 'APPROVE', assigneeRole: 'CEO_BOARD', tenant: 'some-other-tenant' }),
    );
    await waitFor(lagIsZero, { description: 'the consumer to catch up' });
    assert.deepEqual(await contractRow(contract.id), before);

    await publishTask(taskCompleted(contract.id, { outcome: 'REJECT', assigneeRole: 'SALES_MANAGER', comment: 'não' }));
    await waitFor(async () => (await contractRow(contract.id)).status === 'REJECTED', { description: 'the rejection' });
    await publishTask(taskCompleted(contract.id, { outcome: 'APPROVE', assigneeRole: 'SALES_MANAGER' }));
    await waitFor(lagIsZero, { description: 'the consumer to catch up' });
    assert.equal((await contractRow(contract.id)).status, 'REJECTED');
  });
});
