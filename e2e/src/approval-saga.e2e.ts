import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  actorSubs,
  draftContract,
  submitContract,
  waitForDecision,
  type ApproverRole,
  type ContractRef,
  type SeedContext,
} from '@salesgraph/seed';
import { uniqueName, waitFor } from '@salesgraph/testkit';
import { dealReadyForContracts, salesContext } from './fixtures/sales-flow.js';
import { startStack, type Stack } from './stack.js';

/** The open APPROVAL tasks of one role, as a holder of that role sees them in workflows (with the contract from contracts). */
const openApprovalsQuery = `query OpenApprovals($role: TaskAssigneeRole!) {
  tasks(first: 100, filter: { type: APPROVAL, status: OPEN, assigneeRole: $role }) {
    edges { node { id version type status assigneeRole dueAt contract { id status approvalLevel } } }
  }
}`;

const completeTaskMutation = `mutation Complete($id: ID!, $outcome: TaskOutcome!, $comment: String, $version: Int!) {
  completeTask(id: $id, outcome: $outcome, comment: $comment, version: $version) {
    task { id status outcome comment completedBy } problem { reason message } eventId
  }
}`;

const contractQuery = `query Contract($id: ID!) {
  contract(id: $id) { status approvalLevel approvedBy rejectionReason approvalTasks { status outcome comment assigneeRole completedBy } }
}`;

interface OpenTask {
  readonly id: string;
  readonly version: number;
  readonly assigneeRole: string;
  readonly dueAt: string;
  readonly contract: { readonly id: string; readonly status: string; readonly approvalLevel: string };
}

const HOURS_48 = 48 * 3600 * 1000;

describe('the approval saga across contracts and workflows, for every tier', () => {
  let stack: Stack;
  let context: SeedContext;
  let dealId: string;
  const tenant = uniqueName('saga');
  const repSub = 'rep-saga';

  before(async () => {
    stack = await startStack({ subgraphs: ['accounts', 'deals', 'contracts', 'workflows'] });
    context = salesContext(stack, tenant);
    ({
      deal: { id: dealId },
    } = await dealReadyForContracts(context, repSub, 'NEGOTIATION', tenant));
  });

  after(async () => {
    await stack?.stop();
  });

  /** Drafts (as the owner rep) a HOSPITALAR contract at R$ 400.00 per life and submits it. */
  async function submitted(
    contractedLives: number,
    discountPercent: string,
  ): Promise<{ contract: ContractRef; submittedAt: number }> {
    const rep = await context.actors.rep(repSub);
    const draft = await draftContract(context, rep, {
      dealId,
      terms: { planType: 'HOSPITALAR', monthlyPremiumPerLife: '400.00', contractedLives, discountPercent },
      startDate: '2027-02-01',
      endDate: '2028-01-31',
    });
    const submittedAt = Date.now();
    return { contract: await submitContract(context, rep, draft), submittedAt };
  }

  /** Waits for workflows to open the APPROVAL task of `contractId` (from contract.approval_requested), as `role` sees it. */
  async function openTaskOf(role: ApproverRole, contractId: string): Promise<OpenTask> {
    const token = await context.actors.approver(role);
    return waitFor(
      async () => {
        const response = await stack.query(token, openApprovalsQuery, { role });
        return response.data?.['tasks'].edges
          .map((edge: { node: OpenTask }) => edge.node)
          .find((task: OpenTask) => task.contract?.id === contractId);
      },
      { description: `an open ${role} APPROVAL task for contract ${contractId}`, timeoutMs: 30_000 },
    );
  }

  async function complete(token: string, task: OpenTask, outcome: 'APPROVE' | 'REJECT', comment?: string) {
    return stack.query(token, completeTaskMutation, {
      id: task.id,
      outcome,
      comment: comment ?? null,
      version: task.version,
    });
  }

  it('approves an AUTO contract (R$ 96,000.00 a year, no discount) at once, without an approval task', async () => {
    const { contract } = await submitted(20, '0');
    assert.equal(contract.approvalLevel, 'AUTO');
    assert.equal(contract.annualValue, '96000.00');
    assert.equal(contract.status, 'APPROVED');
    const read = await stack.query(await context.actors.manager(), contractQuery, { id: contract.id });
    assert.deepEqual(read.data!['contract'], {
      status: 'APPROVED',
      approvalLevel: 'AUTO',
      approvedBy: null,
      rejectionReason: null,
      approvalTasks: [],
    });
  });

  // R$ 400.00 per life: lives × 400 × (1 − discount) × 12 a year.
  const tiers: readonly { role: ApproverRole; lives: number; discount: string; annual: string; label: string }[] = [
    { role: 'SALES_MANAGER', lives: 50, discount: '5', annual: '228000.00', label: 'R$ 228,000.00 a year, 5 % off' },
    {
      role: 'COMMERCIAL_DIRECTOR',
      lives: 200,
      discount: '15',
      annual: '816000.00',
      label: 'R$ 816,000.00 a year, 15 % off',
    },
    { role: 'CEO_BOARD', lives: 500, discount: '10', annual: '2160000.00', label: 'R$ 2,160,000.00 a year, 10 % off' },
  ];

  for (const tier of tiers) {
    it(`sends a ${tier.role} contract (${tier.label}) to a ${tier.role} APPROVAL task and makes it APPROVED when that role approves`, async () => {
      const { contract, submittedAt } = await submitted(tier.lives, tier.discount);
      assert.deepEqual(
        [contract.approvalLevel, contract.annualValue, contract.status],
        [tier.role, tier.annual, 'PENDING_APPROVAL'],
      );

      const task = await openTaskOf(tier.role, contract.id);
      assert.equal(task.assigneeRole, tier.role);
      assert.deepEqual(task.contract, { id: contract.id, status: 'PENDING_APPROVAL', approvalLevel: tier.role });
      const dueIn = Date.parse(task.dueAt) - submittedAt;
      assert.ok(Math.abs(dueIn - HOURS_48) < 120_000, `due 48 h after the request, was ${dueIn} ms`);

      const done = await complete(await context.actors.approver(tier.role), task, 'APPROVE');
      assert.equal(done.errors, undefined, JSON.stringify(done.errors));
      assert.deepEqual(done.data!['completeTask'].task, {
        id: task.id,
        status: 'DONE',
        outcome: 'APPROVE',
        comment: null,
        completedBy: actorSubs[tier.role],
      });
      assert.match(done.data!['completeTask'].eventId, /^[0-9a-f-]{36}$/);

      const decided = await waitForDecision(context, await context.actors.manager(), contract.id);
      assert.equal(decided.status, 'APPROVED');
      assert.equal(decided.approvedBy, actorSubs[tier.role]);
      assert.deepEqual(
        decided.approvalTasks.map((t) => [t.status, t.outcome, t.assigneeRole]),
        [['DONE', 'APPROVE', tier.role]],
      );
    });
  }

  it("makes a contract REJECTED with the approver's comment as the reason when the task is rejected", async () => {
    const { contract } = await submitted(60, '0');
    assert.equal(contract.approvalLevel, 'SALES_MANAGER');
    const task = await openTaskOf('SALES_MANAGER', contract.id);
    const comment = 'Desconto acima da política comercial para o porte do cliente';
    const done = await complete(await context.actors.approver('SALES_MANAGER'), task, 'REJECT', comment);
    assert.equal(done.errors, undefined, JSON.stringify(done.errors));
    assert.equal(done.data!['completeTask'].task.outcome, 'REJECT');

    await waitForDecision(context, await context.actors.manager(), contract.id);
    const read = await stack.query(await context.actors.manager(), contractQuery, { id: contract.id });
    assert.deepEqual(read.data!['contract'], {
      status: 'REJECTED',
      approvalLevel: 'SALES_MANAGER',
      approvedBy: null,
      rejectionReason: comment,
      approvalTasks: [
        {
          status: 'DONE',
          outcome: 'REJECT',
          comment,
          assigneeRole: 'SALES_MANAGER',
          completedBy: actorSubs.SALES_MANAGER,
        },
      ],
    });
  });

  it('refuses a COMMERCIAL_DIRECTOR approval completed by a SALES_MANAGER or a SALES_REP, leaving task and contract pending', async () => {
    const { contract } = await submitted(200, '15');
    assert.equal(contract.approvalLevel, 'COMMERCIAL_DIRECTOR');
    const task = await openTaskOf('COMMERCIAL_DIRECTOR', contract.id);

    for (const token of [await context.actors.approver('SALES_MANAGER'), await context.actors.rep(repSub)]) {
      const refused = await complete(token, task, 'APPROVE');
      assert.equal(refused.errors?.[0]?.extensions?.['code'], 'FORBIDDEN', JSON.stringify(refused.errors));
      assert.equal(refused.data?.['completeTask'] ?? null, null);
    }

    const still = await openTaskOf('COMMERCIAL_DIRECTOR', contract.id);
    assert.equal(still.version, task.version);
    const read = await stack.query(await context.actors.manager(), contractQuery, { id: contract.id });
    assert.equal(read.data!['contract'].status, 'PENDING_APPROVAL');
    assert.deepEqual(
      read.data!['contract'].approvalTasks.map((t: { status: string }) => t.status),
      ['OPEN'],
    );
  });
});
