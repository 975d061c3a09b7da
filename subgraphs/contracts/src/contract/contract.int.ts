import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { topics } from '@salesgraph/events';
import { graphqlRequest, uniqueName, waitFor } from '@salesgraph/testkit';
import {
  ACTIVATE,
  DRAFT,
  REVISE,
  SEND,
  SUBMIT,
  startContractsHarness,
  type Caller,
  type ContractsHarness,
  type TestDeal,
} from '../testing/contracts-harness.js';
import { businessYear } from './contract.number.js';

describe('contracts: Contract rules on real PostgreSQL and Kafka', () => {
  let h: ContractsHarness;
  let manager: Caller;
  let negotiation: TestDeal;

  const terms = (dealId: string, overrides: Record<string, unknown> = {}) => ({
    dealId,
    planType: 'HOSPITALAR',
    monthlyPremiumPerLife: '450.00',
    contractedLives: 10,
    discountPercent: '0',
    startDate: '2027-01-01',
    endDate: '2027-12-31',
    ...overrides,
  });
  const draft = async (overrides: Record<string, unknown> = {}, who: Caller = manager, dealId = negotiation.id) => {
    const result = await h.call(who, DRAFT, { input: terms(dealId, overrides) });
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    return result.data!['draftContract'];
  };
  const drafted = async (overrides: Record<string, unknown> = {}, who: Caller = manager, dealId = negotiation.id) => {
    const result = await draft(overrides, who, dealId);
    assert.equal(result.problem, null, JSON.stringify(result.problem));
    return result.contract as {
      id: string;
      number: string;
      version: number;
      approvalLevel: string;
      annualValue: string;
      status: string;
    };
  };
  const counts = async () =>
    (
      await h.sql.query(
        'select (select count(*) from contracts.contract)::int as contracts, (select count(*) from contracts.outbox)::int as events',
      )
    ).rows[0];
  const rowOf = async (id: string) =>
    (await h.sql.query('select status, version, event_sequence from contracts.contract where id = $1', [id])).rows[0];

  before(async () => {
    h = await startContractsHarness('contracts_int');
    manager = h.as(['SALES_MANAGER'], 'manager-1');
    negotiation = await h.openDeal('NEGOTIATION', { ownerId: 'rep-1' });
  });

  after(async () => {
    await h?.close();
  });

  describe('drafting', () => {
    it('drafts a contract with derived values, its company from the deal, and contract.drafted in the outbox', async () => {
      const { contract, problem, eventId } = await draft({
        monthlyPremiumPerLife: '450.00',
        contractedLives: 120,
        discountPercent: '10',
      });
      assert.equal(problem, null);
      assert.equal(contract.status, 'DRAFT');
      assert.equal(contract.monthlyValue, '48600.00');
      assert.equal(contract.annualValue, '583200.00');
      assert.equal(contract.discountPercent, '10.00');
      assert.equal(contract.approvalLevel, 'COMMERCIAL_DIRECTOR');
      assert.deepEqual(contract.company, { id: negotiation.companyId });
      assert.deepEqual(contract.deal, { id: negotiation.id });
      const events = await h.outbox(contract.id);
      assert.deepEqual(
        events.map((e) => [e.eventType, e.aggregateVersion, e.eventId]),
        [['contract.drafted', 1, eventId]],
      );
      assert.equal(events[0]!.tenantId, h.tenant);
      assert.equal((events[0]!.data as { contract: { annualValue: string } }).contract.annualValue, '583200.00');
    });

    it('refuses a deal in PROPOSAL, and accepts the same deal once its deal.stage_changed to NEGOTIATION arrives', async () => {
      const deal = await h.openDeal('PROPOSAL');
      const before = await counts();
      const refused = await draft({}, manager, deal.id);
      assert.equal(refused.contract, null);
      assert.equal(refused.problem.reason, 'DEAL_STAGE_NOT_ELIGIBLE');
      assert.deepEqual(await counts(), before);
      await h.moveDeal(deal, 'NEGOTIATION');
      const accepted = await draft({}, manager, deal.id);
      assert.equal(accepted.problem, null);
      assert.equal(accepted.contract.status, 'DRAFT');
    });

    it('answers NOT_YET_VISIBLE while DealSnapshot has not applied the move named in Salesgraph-After-Event, then drafts', async () => {
      const deal = await h.openDeal('PROPOSAL');
      const move = h.moveEvent(deal, 'NEGOTIATION');
      const headers = { 'salesgraph-after-event': move.eventId };
      const before = await counts();
      const early = (await h.call(manager, DRAFT, { input: terms(deal.id) }, headers)).data!['draftContract'];
      assert.deepEqual(
        { reason: early.problem.reason, eventId: early.eventId },
        { reason: 'NOT_YET_VISIBLE', eventId: move.eventId },
      );
      assert.deepEqual(await counts(), before);
      await h.publish(topics.deal, move);
      const accepted = await waitFor(
        async () => {
          const answer = (await h.call(manager, DRAFT, { input: terms(deal.id) }, headers)).data!['draftContract'];
          return answer.problem?.reason === 'NOT_YET_VISIBLE' ? undefined : answer;
        },
        { description: 'DealSnapshot to apply the move' },
      );
      assert.equal(accepted.problem, null);
      assert.equal(accepted.contract.status, 'DRAFT');
    });

    it('accepts a deal in CLOSED_WON and refuses one in CLOSED_LOST', async () => {
      const won = await h.openDeal('CLOSED_WON');
      assert.equal((await draft({}, manager, won.id)).problem, null);
      const lost = await h.openDeal('CLOSED_LOST');
      assert.equal((await draft({}, manager, lost.id)).problem.reason, 'DEAL_STAGE_NOT_ELIGIBLE');
    });

    it('answers a deal of another tenant and a random id alike: DEAL_NOT_FOUND, no contract, no event', async () => {
      const foreign = await h.openDeal('NEGOTIATION', { tenant: uniqueName('other') });
      const before = await counts();
      const answers = [await draft({}, manager, foreign.id), await draft({}, manager, randomUUID())];
      assert.deepEqual(answers[0], {
        contract: null,
        problem: { reason: 'DEAL_NOT_FOUND', message: 'The deal (dealId) was not found' },
        eventId: null,
      });
      assert.deepEqual(answers[1], answers[0]);
      assert.deepEqual(await counts(), before);
    });

    it('numbers contracts CT-YYYY-NNNNNN per tenant and year, consecutively and uniquely, even when drafted concurrently', async () => {
      const year = businessYear(new Date());
      const results = await Promise.all(Array.from({ length: 8 }, () => drafted()));
      const all = (
        await h.sql.query('select number from contracts.contract where tenant_id = $1 order by number', [h.tenant])
      ).rows.map((row) => row.number as string);
      for (const number of all) assert.match(number, new RegExp(`^CT-${year}-\\d{6}$`));
      assert.equal(new Set(all).size, all.length);
      assert.deepEqual(
        all.map((number) => Number(number.slice(-6))),
        all.map((_, index) => index + 1),
      );
      assert.ok(results.every((contract) => all.includes(contract.number)));

      const other = uniqueName('other');
      const otherDeal = await h.openDeal('NEGOTIATION', { tenant: other });
      const first = await drafted({}, { tenant: other, roles: ['SALES_MANAGER'], sub: 'm' }, otherDeal.id);
      assert.equal(first.number, `CT-${year}-000001`);
    });

    it('keeps numbers unique per tenant in the database itself', async () => {
      const existing = (await h.sql.query('select * from contracts.contract where tenant_id = $1 limit 1', [h.tenant]))
        .rows[0];
      await assert.rejects(
        h.sql.query(
          `insert into contracts.contract select $1::uuid, tenant_id, created_at, updated_at, version, number, company_id, deal_id, plan_type, monthly_premium_per_life,
          contracted_lives, discount_percent, monthly_value, annual_value, start_date, end_date, status, approval_level from contracts.contract where id = $2`,
          [randomUUID(), existing.id],
        ),
        /contract_tenant_number_unique/,
      );
    });
  });

  describe('input validation (BAD_USER_INPUT naming the field, nothing persisted)', () => {
    const refused = async (overrides: Record<string, unknown>, field: string) => {
      const before = await counts();
      const result = await h.call(manager, DRAFT, { input: terms(negotiation.id, overrides) });
      assert.equal(result.errors?.[0]?.extensions?.['code'], 'BAD_USER_INPUT', JSON.stringify(result));
      assert.equal(result.errors?.[0]?.extensions?.['field'], field);
      assert.deepEqual(await counts(), before);
    };

    it('refuses a discount above 30 % and accepts exactly 30 %', async () => {
      await refused({ discountPercent: '30.01' }, 'discountPercent');
      await refused({ discountPercent: '31' }, 'discountPercent');
      assert.equal((await drafted({ discountPercent: '30' })).approvalLevel, 'CEO_BOARD');
    });

    it('refuses a negative discount, one with three decimals, and one that is not a number', async () => {
      await refused({ discountPercent: '-1' }, 'discountPercent');
      await refused({ discountPercent: '10.005' }, 'discountPercent');
      await refused({ discountPercent: 'dez' }, 'discountPercent');
    });

    it('refuses an end date on or before the start date and accepts the day after', async () => {
      await refused({ startDate: '2027-01-01', endDate: '2027-01-01' }, 'endDate');
      await refused({ startDate: '2027-01-01', endDate: '2026-12-31' }, 'endDate');
      assert.equal((await drafted({ startDate: '2027-01-01', endDate: '2027-01-02' })).status, 'DRAFT');
    });

    it('refuses a zero premium, zero lives and a malformed deal id', async () => {
      await refused({ monthlyPremiumPerLife: '0.00' }, 'monthlyPremiumPerLife');
      await refused({ contractedLives: 0 }, 'contractedLives');
      await refused({ dealId: 'not-a-uuid' }, 'dealId');
    });
  });

  describe('approval level at the tier boundaries', () => {
    // annualValue = 12 x the monthly value rounded to the cent, so annual values are multiples of
    // R$ 0.12 and 100,000.00 / 500,000.00 / 2,000,000.00 themselves cannot occur: each boundary is
    // checked with the largest annual value below it and the smallest at or above it (the exact
    // boundary values are covered by the unit test of approvalLevelFor).
    const cases: [premium: string, discount: string, annual: string, level: string][] = [
      ['8333.33', '0', '99999.96', 'AUTO'],
      ['8333.34', '0', '100000.08', 'SALES_MANAGER'],
      ['41666.66', '0', '499999.92', 'SALES_MANAGER'],
      ['41666.67', '0', '500000.04', 'COMMERCIAL_DIRECTOR'],
      ['166666.66', '0', '1999999.92', 'COMMERCIAL_DIRECTOR'],
      ['166666.67', '0', '2000000.04', 'CEO_BOARD'],
      ['46296.29', '10', '499999.92', 'SALES_MANAGER'],
      ['46296.30', '10', '500000.04', 'COMMERCIAL_DIRECTOR'],
      ['208333.32', '20', '1999999.92', 'COMMERCIAL_DIRECTOR'],
      ['208333.34', '20', '2000000.04', 'CEO_BOARD'],
      ['100.00', '0.01', '1199.88', 'SALES_MANAGER'],
      ['10000.00', '10', '108000.00', 'SALES_MANAGER'],
      ['10000.00', '10.01', '107988.00', 'COMMERCIAL_DIRECTOR'],
      ['10000.00', '20', '96000.00', 'COMMERCIAL_DIRECTOR'],
      ['10000.00', '20.01', '95988.00', 'CEO_BOARD'],
    ];
    for (const [premium, discount, annual, level] of cases) {
      it(`gives ${level} to ${premium} per life for one life at ${discount} % discount (annual ${annual})`, async () => {
        const contract = await drafted({
          monthlyPremiumPerLife: premium,
          contractedLives: 1,
          discountPercent: discount,
        });
        assert.equal(contract.annualValue, annual);
        assert.equal(contract.approvalLevel, level);
      });
    }
  });

  describe('submitting', () => {
    it('approves an AUTO contract at once, writing contract.submitted then contract.approved without an approver', async () => {
      const contract = await drafted({ monthlyPremiumPerLife: '8333.33', contractedLives: 1 });
      const result = await h.call(manager, SUBMIT, { input: { id: contract.id, version: contract.version } });
      const submitted = result.data!['submitContract'];
      assert.equal(submitted.problem, null);
      assert.equal(submitted.contract.status, 'APPROVED');
      const events = await h.outbox(contract.id);
      assert.deepEqual(
        events.map((e) => [e.eventType, e.aggregateVersion]),
        [
          ['contract.drafted', 1],
          ['contract.submitted', 2],
          ['contract.approved', 3],
        ],
      );
      assert.equal(submitted.eventId, events[2]!.eventId);
      assert.equal((events[2]!.data as { approvedBy: string | null }).approvedBy, null);
    });

    it('puts a non-AUTO contract in PENDING_APPROVAL, writing contract.submitted and contract.approval_requested with the level', async () => {
      const contract = await drafted({ monthlyPremiumPerLife: '41666.67', contractedLives: 1 });
      const submitted = (await h.call(manager, SUBMIT, { input: { id: contract.id, version: contract.version } }))
        .data!['submitContract'];
      assert.equal(submitted.contract.status, 'PENDING_APPROVAL');
      const events = await h.outbox(contract.id);
      assert.deepEqual(
        events.map((e) => [e.eventType, e.aggregateVersion]),
        [
          ['contract.drafted', 1],
          ['contract.submitted', 2],
          ['contract.approval_requested', 3],
        ],
      );
      assert.equal((events[2]!.data as { approvalLevel: string }).approvalLevel, 'COMMERCIAL_DIRECTOR');
    });

    it('answers a stale version with STALE_VERSION and changes nothing', async () => {
      const contract = await drafted();
      const revised = (
        await h.call(manager, REVISE, { input: { id: contract.id, version: contract.version, contractedLives: 11 } })
      ).data!['reviseContract'];
      assert.equal(revised.contract.version, contract.version + 1);
      const before = await rowOf(contract.id);
      const stale = (await h.call(manager, SUBMIT, { input: { id: contract.id, version: contract.version } })).data![
        'submitContract'
      ];
      assert.deepEqual(
        { ...stale, problem: stale.problem.reason },
        { contract: null, problem: 'STALE_VERSION', eventId: null },
      );
      assert.deepEqual(await rowOf(contract.id), before);
    });
  });

  describe('illegal transitions are INVALID_TRANSITION and change nothing', () => {
    const expectInvalid = async (
      query: string,
      field: string,
      input: Record<string, unknown>,
      who: Caller = manager,
    ) => {
      const before = await rowOf(input['id'] as string);
      const eventsBefore = (await h.outbox(input['id'] as string)).length;
      const result = await h.call(who, query, { input });
      assert.equal(result.errors, undefined, JSON.stringify(result.errors));
      assert.equal(result.data![field].problem?.reason, 'INVALID_TRANSITION');
      assert.deepEqual(await rowOf(input['id'] as string), before);
      assert.equal((await h.outbox(input['id'] as string)).length, eventsBefore);
    };

    it('refuses to submit a contract twice', async () => {
      const contract = await drafted({ discountPercent: '5' });
      const first = (await h.call(manager, SUBMIT, { input: { id: contract.id, version: contract.version } })).data![
        'submitContract'
      ];
      await expectInvalid(SUBMIT, 'submitContract', { id: contract.id, version: first.contract.version });
    });

    it('refuses to activate, or send for signature, a DRAFT', async () => {
      const contract = await drafted();
      await expectInvalid(
        ACTIVATE,
        'activateContract',
        { id: contract.id, version: contract.version },
        h.as(['OPERATIONS']),
      );
      await expectInvalid(SEND, 'sendContractForSignature', {
        id: contract.id,
        version: contract.version,
        signers: [{ name: 'Ana Souza', email: 'ana@example.com' }],
      });
    });

    it('refuses to revise an APPROVED contract back to DRAFT', async () => {
      const contract = await drafted({ monthlyPremiumPerLife: '100.00' });
      const approved = (await h.call(manager, SUBMIT, { input: { id: contract.id, version: contract.version } })).data![
        'submitContract'
      ];
      assert.equal(approved.contract.status, 'APPROVED');
      await expectInvalid(REVISE, 'reviseContract', {
        id: contract.id,
        version: approved.contract.version,
        contractedLives: 5,
      });
    });
  });

  describe('revising a DRAFT', () => {
    it('recomputes values and approval level and writes contract.drafted again', async () => {
      const contract = await drafted({ monthlyPremiumPerLife: '100.00', contractedLives: 10 });
      assert.equal(contract.approvalLevel, 'AUTO');
      const revised = (
        await h.call(manager, REVISE, { input: { id: contract.id, version: contract.version, contractedLives: 1000 } })
      ).data!['reviseContract'];
      assert.equal(revised.contract.annualValue, '1200000.00');
      assert.equal(revised.contract.approvalLevel, 'COMMERCIAL_DIRECTOR');
      assert.deepEqual(
        (await h.outbox(contract.id)).map((e) => [e.eventType, e.aggregateVersion]),
        [
          ['contract.drafted', 1],
          ['contract.drafted', 2],
        ],
      );
    });

    it('validates revised terms against the stored ones (end date before the stored start date)', async () => {
      const contract = await drafted();
      const result = await h.call(manager, REVISE, {
        input: { id: contract.id, version: contract.version, endDate: '2026-06-30' },
      });
      assert.equal(result.errors?.[0]?.extensions?.['field'], 'endDate');
    });
  });

  describe('access', () => {
    it('lets a SALES_REP draft for a deal they own, and refuses a deal another rep owns', async () => {
      const rep = h.as(['SALES_REP'], 'rep-1');
      assert.equal((await draft({}, rep, negotiation.id)).problem, null);
      const others = await h.openDeal('NEGOTIATION', { ownerId: 'rep-2' });
      const refused = await h.call(rep, DRAFT, { input: terms(others.id) });
      assert.equal(refused.errors?.[0]?.extensions?.['code'], 'FORBIDDEN');
    });

    it('shows a SALES_REP only the contracts of their own deals', async () => {
      const own = await h.openDeal('NEGOTIATION', { ownerId: 'rep-9' });
      const others = await h.openDeal('NEGOTIATION', { ownerId: 'rep-2' });
      const theirs = await drafted({}, manager, others.id);
      const mine = await drafted({}, manager, own.id);
      const rep = h.as(['SALES_REP'], 'rep-9');
      const read = await h.call(
        rep,
        `query($a: ID!, $b: ID!) { a: contract(id: $a) { id } b: contract(id: $b) { id } }`,
        { a: mine.id, b: theirs.id },
      );
      assert.deepEqual(read.data, { a: { id: mine.id }, b: null });
      const listed = await h.call(rep, `{ contracts(first: 100) { edges { node { id deal { id } } } } }`, {});
      const dealIds = new Set(
        listed.data!['contracts'].edges.map((edge: { node: { deal: { id: string } } }) => edge.node.deal.id),
      );
      assert.deepEqual([...dealIds], [own.id]);
      const submit = await h.call(rep, SUBMIT, { input: { id: theirs.id, version: theirs.version } });
      assert.equal(submit.errors?.[0]?.extensions?.['code'], 'NOT_FOUND');
    });

    it('refuses drafting to roles outside sales (CUSTOMER_SUCCESS, OPERATIONS)', async () => {
      for (const role of ['CUSTOMER_SUCCESS', 'OPERATIONS'] as const) {
        const result = await h.call(h.as([role]), DRAFT, { input: terms(negotiation.id) });
        assert.equal(result.errors?.[0]?.extensions?.['code'], 'FORBIDDEN');
      }
    });

    it('refuses activation to a SALES_REP before looking at the contract', async () => {
      const contract = await drafted();
      const result = await h.call(h.as(['SALES_REP'], 'rep-1'), ACTIVATE, {
        input: { id: contract.id, version: contract.version },
      });
      assert.equal(result.errors?.[0]?.extensions?.['code'], 'FORBIDDEN');
    });

    it("neither reads nor writes another tenant's contract", async () => {
      const contract = await drafted();
      const intruder: Caller = { tenant: uniqueName('intruder'), roles: ['SYSTEM_ADMIN'], sub: 'x' };
      const read = await h.call(
        intruder,
        `query($id: ID!) { contract(id: $id) { id } contracts { edges { node { id } } } }`,
        { id: contract.id },
      );
      assert.deepEqual(read.data, { contract: null, contracts: { edges: [] } });
      const write = await h.call(intruder, SUBMIT, { input: { id: contract.id, version: contract.version } });
      assert.equal(write.errors?.[0]?.extensions?.['code'], 'NOT_FOUND');
      const foreignDeal = await h.call(intruder, DRAFT, { input: terms(negotiation.id) });
      assert.equal(foreignDeal.data!['draftContract'].problem.reason, 'DEAL_NOT_FOUND');
      assert.deepEqual(await rowOf(contract.id), { status: 'DRAFT', version: contract.version, event_sequence: 1 });
    });

    it('refuses calls that do not carry an identity signed by the gateway', async () => {
      const anonymous = await graphqlRequest(h.app.url, '{ contracts { edges { cursor } } }');
      assert.equal(anonymous.status, 401);
      assert.equal(anonymous.errors?.[0]?.extensions?.['code'], 'UNAUTHENTICATED');
    });
  });

  describe('listing', () => {
    it('pages contracts(filter, first, after) as a Relay connection', async () => {
      const deal = await h.openDeal('NEGOTIATION');
      const ids = [];
      for (let i = 0; i < 3; i++) ids.push((await drafted({}, manager, deal.id)).id);
      const page = `query($after: String, $dealId: ID!) { contracts(first: 2, after: $after, filter: { dealId: $dealId, statuses: [DRAFT] }) {
        edges { node { id } cursor } pageInfo { hasNextPage endCursor } } }`;
      const first = (await h.call(manager, page, { dealId: deal.id })).data!['contracts'];
      assert.deepEqual(
        first.edges.map((edge: { node: { id: string } }) => edge.node.id),
        ids.slice(0, 2),
      );
      assert.equal(first.pageInfo.hasNextPage, true);
      const second = (await h.call(manager, page, { dealId: deal.id, after: first.pageInfo.endCursor })).data![
        'contracts'
      ];
      assert.deepEqual(
        second.edges.map((edge: { node: { id: string } }) => edge.node.id),
        ids.slice(2),
      );
      assert.equal(second.pageInfo.hasNextPage, false);
    });
  });
});
