import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { topics, type EventData } from '@salesgraph/events';
import { uniqueName, waitFor } from '@salesgraph/testkit';
import { startWorkflowsHarness, type Caller, type WorkflowsHarness } from '../testing/workflows-harness.js';
import {
  approvalRequested,
  contractActivated,
  contractApproved,
  contractSigned,
  dealCreated,
  stageChanged,
} from '../testing/events.js';
import { processIdFor } from '../ids.js';

const HOUR = 3_600_000;
const processQuery = `query($dealId: ID!) { processInstance(dealId: $dealId) {
  id businessKey phase startedAt completedAt deal { id }
  phaseHistory { phase enteredAt leftAt durationSeconds cause } } }`;

describe('workflows: ProcessInstance driven by deal and contract events on real Kafka and PostgreSQL', () => {
  let h: WorkflowsHarness;
  const statements: string[] = [];
  const tenant = uniqueName('tenant');
  const manager: Caller = { tenant, roles: ['SALES_MANAGER'] };
  const t0 = new Date('2026-03-02T09:00:00.000Z');
  const at = (hours: number) => new Date(t0.getTime() + hours * HOUR);
  /** A phaseHistory entry entered at hour `from` and left at hour `to` (null: the current phase). */
  const phaseEntry = (phase: string, from: number, to: number | null, cause: string) => ({
    phase,
    enteredAt: at(from).toISOString(),
    leftAt: to === null ? null : at(to).toISOString(),
    durationSeconds: to === null ? null : (to - from) * 3600,
    cause,
  });
  const processOf = async (dealId: string, caller: Caller = manager) => {
    const result = await h.call(caller, processQuery, { dealId });
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    return result.data!['processInstance'];
  };
  const phaseEvents = async (dealId: string) =>
    (await h.outbox())
      .filter((event) => event.aggregateId === processIdFor(tenant, dealId))
      .map((event) => {
        const data = event.data as EventData<'process.phase_changed'>;
        return `${event.aggregateVersion} ${event.eventType}${data.from ? ` ${data.from}->${data.to}` : ` ${data.process.phase}`}`;
      });

  before(async () => {
    h = await startWorkflowsHarness({ prefix: 'workflows_process', onQuery: (sql) => statements.push(sql) });
  });

  after(async () => {
    await h?.stop();
  });

  const firstDeal = randomUUID();
  const firstDealEvents = () => [
    dealCreated(tenant, firstDeal, at(0)),
    stageChanged(tenant, firstDeal, 2, 'LEAD', 'QUALIFICATION', at(1)),
    stageChanged(tenant, firstDeal, 3, 'QUALIFICATION', 'DISCOVERY', at(3)),
    stageChanged(tenant, firstDeal, 4, 'DISCOVERY', 'PROPOSAL', at(27)),
    stageChanged(tenant, firstDeal, 5, 'PROPOSAL', 'NEGOTIATION', at(30)),
  ];
  let firstEvents: ReturnType<typeof firstDealEvents> = [];

  it('starts a process on deal.created and follows the stage changes with a timed phase history', async () => {
    firstEvents = firstDealEvents();
    await h.deliver(topics.deal, ...firstEvents);
    const process = await processOf(firstDeal);
    assert.equal(process.id, processIdFor(tenant, firstDeal));
    assert.equal(process.businessKey, firstDeal);
    assert.deepEqual(process.deal, { id: firstDeal });
    assert.equal(process.phase, 'NEGOTIATION');
    assert.equal(process.startedAt, at(0).toISOString());
    assert.deepEqual(process.phaseHistory, [
      phaseEntry('QUALIFICATION', 0, 3, 'deal.created'),
      phaseEntry('DISCOVERY', 3, 27, 'deal.stage_changed'),
      phaseEntry('PROPOSAL', 27, 30, 'deal.stage_changed'),
      phaseEntry('NEGOTIATION', 30, null, 'deal.stage_changed'),
    ]);
    assert.deepEqual(await phaseEvents(firstDeal), [
      '1 process.started QUALIFICATION',
      '2 process.phase_changed QUALIFICATION->DISCOVERY',
      '3 process.phase_changed DISCOVERY->PROPOSAL',
      '4 process.phase_changed PROPOSAL->NEGOTIATION',
    ]);
    const published = await waitFor(
      () => {
        const mine = h.published.filter((event) => event.aggregateId === process.id);
        return mine.length === 4 && mine;
      },
      { description: 'the relay to publish the four process events' },
    );
    assert.deepEqual(
      published.map((event) => event.eventType),
      ['process.started', 'process.phase_changed', 'process.phase_changed', 'process.phase_changed'],
    );
  });

  it('changes nothing when events are redelivered or an older version of the deal arrives', async () => {
    const before = await h.sql.query(`select * from workflows.process_instance where deal_id = $1`, [firstDeal]);
    const outboxBefore = (await h.outbox()).length;
    await h.deliver(topics.deal, ...firstEvents, stageChanged(tenant, firstDeal, 3, 'NEGOTIATION', 'PROPOSAL', at(40)));
    const after = await h.sql.query(`select * from workflows.process_instance where deal_id = $1`, [firstDeal]);
    assert.deepEqual(after.rows, before.rows);
    assert.equal((await h.outbox()).length, outboxBefore);
    const applied = await h.sql.query(
      `select count(*)::int as n from workflows.inbox_event where consumer = 'workflows.process'`,
    );
    assert.ok(applied.rows[0].n >= 5);
  });

  it('moves through APPROVAL, CONTRACTING, IMPLEMENTATION and ONBOARDING on contract events, and a CLOSED_WON after signing does not move it back', async () => {
    const dealId = randomUUID();
    const contract = { id: randomUUID(), dealId, approvalLevel: 'COMMERCIAL_DIRECTOR' as const };
    await h.deliver(
      topics.deal,
      dealCreated(tenant, dealId, at(0)),
      stageChanged(tenant, dealId, 2, 'LEAD', 'NEGOTIATION', at(1)),
    );
    await h.deliver(topics.contract, approvalRequested(tenant, contract, 3, at(2)));
    assert.equal((await processOf(dealId)).phase, 'APPROVAL');
    await h.deliver(topics.contract, contractApproved(tenant, contract, 4, at(5)));
    assert.equal((await processOf(dealId)).phase, 'CONTRACTING');
    await h.deliver(topics.contract, contractSigned(tenant, contract, at(8)));
    await h.deliver(topics.deal, stageChanged(tenant, dealId, 3, 'NEGOTIATION', 'CLOSED_WON', at(9)));
    assert.equal((await processOf(dealId)).phase, 'IMPLEMENTATION');
    await h.deliver(topics.contract, contractActivated(tenant, contract, 7, at(20)));
    const process = await processOf(dealId);
    assert.deepEqual(
      process.phaseHistory.map((entry: { phase: string; cause: string }) => `${entry.phase} ${entry.cause}`),
      [
        'QUALIFICATION deal.created',
        'NEGOTIATION deal.stage_changed',
        'APPROVAL contract.approval_requested',
        'CONTRACTING contract.approved',
        'IMPLEMENTATION contract.signed',
        'ONBOARDING contract.activated',
      ],
    );
    assert.equal((await phaseEvents(dealId)).at(-1), '6 process.phase_changed IMPLEMENTATION->ONBOARDING');
  });

  it('starts from a contract event when the deal events are late, then places the late ones in time order without moving the current phase', async () => {
    const dealId = randomUUID();
    await h.deliver(topics.contract, approvalRequested(tenant, { id: randomUUID(), dealId }, 3, at(10)));
    assert.equal((await processOf(dealId)).startedAt, at(10).toISOString());
    await h.deliver(
      topics.deal,
      dealCreated(tenant, dealId, at(0), 'rep-late'),
      stageChanged(tenant, dealId, 2, 'LEAD', 'NEGOTIATION', at(5), 'rep-late'),
    );
    const process = await processOf(dealId);
    assert.equal(process.phase, 'APPROVAL');
    assert.equal(process.startedAt, at(0).toISOString());
    assert.deepEqual(process.phaseHistory, [
      phaseEntry('QUALIFICATION', 0, 5, 'deal.created'),
      phaseEntry('NEGOTIATION', 5, 10, 'deal.stage_changed'),
      phaseEntry('APPROVAL', 10, null, 'contract.approval_requested'),
    ]);
    assert.deepEqual(
      await phaseEvents(dealId),
      ['1 process.started APPROVAL'],
      'the current phase never changed, so nothing more is announced',
    );
    assert.notEqual(
      await processOf(dealId, { tenant, roles: ['SALES_REP'], sub: 'rep-late' }),
      null,
      'the owner learnt from the late deal event sees it',
    );
  });

  it('completes the process when the deal is lost', async () => {
    const dealId = randomUUID();
    await h.deliver(
      topics.deal,
      dealCreated(tenant, dealId, at(0)),
      stageChanged(tenant, dealId, 2, 'LEAD', 'CLOSED_LOST', at(4)),
    );
    const process = await processOf(dealId);
    assert.equal(process.phase, 'CLOSED_LOST');
    assert.equal(process.completedAt, at(4).toISOString());
    assert.deepEqual(await phaseEvents(dealId), [
      '1 process.started QUALIFICATION',
      '2 process.phase_changed QUALIFICATION->CLOSED_LOST',
      '3 process.completed CLOSED_LOST',
    ]);
  });

  it('shows a SALES_REP only the processes of deals they own, and another tenant none', async () => {
    const mine = randomUUID();
    const theirs = randomUUID();
    await h.deliver(
      topics.deal,
      dealCreated(tenant, mine, at(0), 'rep-a'),
      dealCreated(tenant, theirs, at(0), 'rep-b'),
    );
    const repA: Caller = { tenant, roles: ['SALES_REP'], sub: 'rep-a' };
    assert.equal((await processOf(mine, repA)).businessKey, mine);
    assert.equal(await processOf(theirs, repA), null);
    assert.equal(await processOf(mine, { tenant: uniqueName('other'), roles: ['SYSTEM_ADMIN'] }), null);
    const entities = await h.call(
      { tenant: uniqueName('other'), roles: ['CEO_BOARD'] },
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Deal { id process { businessKey } } } }`,
      { r: [{ __typename: 'Deal', id: mine }] },
    );
    assert.deepEqual(entities.data!['_entities'], [{ id: mine, process: null }]);
  });

  it('resolves Deal.process for many deals with one SQL statement', async () => {
    const deals = Array.from({ length: 12 }, () => randomUUID());
    await h.deliver(topics.deal, ...deals.map((id) => dealCreated(tenant, id, at(0))));
    const count = async (ids: string[]) => {
      statements.length = 0;
      const result = await h.call(
        manager,
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on Deal { process { phase } } } }`,
        { r: ids.map((id) => ({ __typename: 'Deal', id })) },
      );
      assert.equal(result.errors, undefined, JSON.stringify(result.errors));
      assert.ok(
        result.data!['_entities'].every(
          (entity: { process: { phase: string } | null }) => entity.process?.phase === 'QUALIFICATION',
        ),
      );
      return statements.filter((sql) => sql.includes('process_instance')).length;
    };
    assert.equal(await count(deals.slice(0, 2)), 1);
    assert.equal(await count(deals), 1);
  });
});
