import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isValidCnpj, isValidCpf } from '../documents.js';
import { countsAt, dealStages, planTenant, type TenantPlan } from './tenant-plan.js';

const today = '2026-11-23';
const plan = (tenant = 'demo', scale = 1, seed = 'salesgraph') =>
  planTenant({ tenant, seed, counts: countsAt(scale), today });
const rowsOf = (p: TenantPlan) => p.deals.flatMap((d) => d.contracts.flatMap((c) => c.beneficiaries.flat()));
const stagesOf = (p: TenantPlan) => p.deals.map((d) => d.stage);

describe('the tenant plan', () => {
  it('has the full-scale counts of issue 3: 50 companies, 500 deals, 100 contracts, 5,000 beneficiaries', () => {
    const full = plan();
    assert.deepEqual(full.counts, { companies: 50, deals: 500, contracts: 100, beneficiaries: 5000 });
    assert.equal(full.companies.length, 50);
    assert.equal(full.deals.length, 500);
    assert.equal(full.deals.flatMap((d) => d.contracts).length, 100);
    assert.equal(rowsOf(full).length, 5000);
  });

  it('is the same for the same seed and tenant, and different for another tenant or seed', () => {
    assert.equal(JSON.stringify(plan()), JSON.stringify(plan()));
    assert.notEqual(JSON.stringify(plan('demo-b').companies), JSON.stringify(plan().companies));
    assert.notEqual(JSON.stringify(plan('demo', 1, 'other').companies), JSON.stringify(plan().companies));
  });

  it('spreads deals over every stage and contracts over every approval tier and target status, at full and at 0.1 scale', () => {
    for (const scale of [1, 0.1]) {
      const p = plan('demo', scale);
      assert.deepEqual(new Set(stagesOf(p)), new Set(dealStages));
      const contracts = p.deals.flatMap((d) => d.contracts);
      assert.deepEqual(
        new Set(contracts.map((c) => c.terms.approvalLevel)),
        new Set(['AUTO', 'SALES_MANAGER', 'COMMERCIAL_DIRECTOR', 'CEO_BOARD']),
      );
      if (scale === 1) assert.equal(new Set(contracts.map((c) => c.target)).size, 7);
    }
    assert.deepEqual(plan('demo', 0.1).counts, { companies: 5, deals: 50, contracts: 10, beneficiaries: 500 });
  });

  it('gives valid documents, unique per tenant, and plausible beneficiaries', () => {
    const p = plan();
    assert.ok(p.companies.every((c) => isValidCnpj(c.cnpj)));
    assert.equal(new Set(p.companies.map((c) => c.cnpj)).size, p.companies.length);
    const rows = rowsOf(p);
    assert.ok(rows.every((r) => isValidCpf(r.cpf)));
    assert.equal(new Set(rows.map((r) => r.cpf)).size, rows.length);
    assert.ok(rows.every((r) => r.birthDate < today && r.birthDate > '1906-11-23'));
    const holders = new Set(rows.filter((r) => r.relationship === 'HOLDER').map((r) => r.cpf));
    assert.ok(rows.every((r) => (r.relationship === 'HOLDER') === (r.holderCpf === undefined)));
    assert.ok(rows.every((r) => r.holderCpf === undefined || holders.has(r.holderCpf)));
    assert.ok(holders.size > 1000 && holders.size < 4000, `${holders.size} holders`);
  });

  it("keeps every bulk within 1,000 rows with each dependent in its holder's bulk, and within the contracted lives", () => {
    for (const contract of plan().deals.flatMap((d) => d.contracts)) {
      const lives = contract.beneficiaries.reduce((sum, bulk) => sum + bulk.length, 0);
      assert.ok(lives <= contract.terms.contractedLives);
      if (lives > 0) assert.ok(contract.target === 'ACTIVE' || contract.target === 'SIGNED');
      for (const bulk of contract.beneficiaries) {
        assert.ok(bulk.length <= 1000);
        const holders = new Set(bulk.filter((r) => r.relationship === 'HOLDER').map((r) => r.cpf));
        assert.ok(bulk.every((r) => r.holderCpf === undefined || holders.has(r.holderCpf)));
      }
    }
  });

  it('meets the rules the graph enforces: MEDDIC before PROPOSAL, buyers for CLOSED_WON, reasons for CLOSED_LOST, contracts on eligible deals', () => {
    const p = plan();
    const companies = new Map(p.companies.map((c) => [c.key, c]));
    for (const deal of p.deals) {
      const score = deal.steps.find((s) => 'score' in s);
      const sum = score && 'score' in score ? Object.values(score.score).reduce((a, b) => a + b, 0) : 0;
      const moves = deal.steps.flatMap((s) => ('move' in s ? [s] : []));
      if (moves.some((m) => ['PROPOSAL', 'NEGOTIATION', 'CLOSED_WON'].includes(m.move)))
        assert.ok(sum >= 15, `${deal.key} needs MEDDIC`);
      assert.equal(moves.at(-1)?.move ?? 'LEAD', deal.stage);
      if (deal.stage === 'CLOSED_LOST') assert.ok(moves.at(-1)?.lostReason);
      if (deal.stage === 'CLOSED_WON') {
        const roles = companies.get(deal.companyKey)!.contacts.map((c) => c.meddicRole);
        assert.ok(roles.includes('ECONOMIC_BUYER') && roles.includes('CHAMPION'));
      }
      for (const contract of deal.contracts) {
        assert.ok(deal.stage === 'NEGOTIATION' || deal.stage === 'CLOSED_WON');
        if (contract.target === 'ACTIVE') assert.equal(deal.stage, 'CLOSED_WON');
        if (contract.target !== 'DRAFT') assert.ok(contract.signers.length > 0);
        assert.ok(contract.endDate > contract.startDate);
      }
    }
  });
});
