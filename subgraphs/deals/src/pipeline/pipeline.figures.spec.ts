import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { centsOf, dealPart, figuresFromSums, moveDeal, type StageSums } from './pipeline.figures.js';

describe('pipeline figures kept from exact sums', () => {
  it('reads numeric text as cents, rounding half-up beyond two decimals as numeric(14, 2) does', () => {
    assert.equal(centsOf('1234.5'), 123450n);
    assert.equal(centsOf('0.07'), 7n);
    assert.equal(centsOf('42'), 4200n);
    assert.equal(centsOf('1.005'), 101n);
    assert.equal(centsOf('1.0049'), 100n);
  });

  it('rounds the weighted value half-up once per figure, never per deal', () => {
    const sums: StageSums = new Map();
    for (let i = 0; i < 3; i++) moveDeal(sums, null, dealPart('LEAD', '333.33', 5));
    const figures = figuresFromSums(sums);
    // 3 × 333.33 × 5 % = 49.9995 -> 50.00 (per-deal rounding would say 50.01).
    assert.deepEqual(figures.stages[0], { stage: 'LEAD', count: 3, totalValue: '999.99', weightedValue: '50.00' });
    assert.deepEqual(figures.totals, { count: 3, totalValue: '999.99', weightedValue: '50.00' });
  });

  it('moves a deal between stages: it leaves the old stage and the open totals when closed', () => {
    const sums: StageSums = new Map();
    const lead = dealPart('LEAD', '100.00', 5);
    moveDeal(sums, null, lead);
    moveDeal(sums, null, dealPart('PROPOSAL', '200.00', 40));
    moveDeal(sums, lead, dealPart('CLOSED_WON', '100.00', 100));
    const figures = figuresFromSums(sums);
    assert.deepEqual(figures.stages[0], { stage: 'LEAD', count: 0, totalValue: '0.00', weightedValue: '0.00' });
    assert.deepEqual(figures.totals, { count: 2, totalValue: '300.00', weightedValue: '180.00' });
    assert.deepEqual(figures.openTotals, { count: 1, totalValue: '200.00', weightedValue: '80.00' });
  });
});
