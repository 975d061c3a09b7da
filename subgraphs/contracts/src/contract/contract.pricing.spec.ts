import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  approvalLevelFor,
  contractValues,
  formatCents,
  roleCoversLevel,
  toBasisPoints,
  toCents,
} from './contract.pricing.js';
import { ApprovalLevel } from './contract-status.js';

const level = (annual: string, discount: string) => approvalLevelFor(toCents(annual), toBasisPoints(discount));
const values = (premium: string, lives: number, discount: string) => {
  const { monthlyCents, annualCents } = contractValues(toCents(premium), lives, toBasisPoints(discount));
  return [formatCents(monthlyCents), formatCents(annualCents)];
};

describe('contract pricing in integer cents', () => {
  it('parses and prints amounts without floating point', () => {
    assert.equal(toCents('1234.5'), 123450n);
    assert.equal(toCents('0.07'), 7n);
    assert.equal(toCents('999999999999.99'), 99999999999999n);
    assert.equal(formatCents(123450n), '1234.50');
    assert.equal(formatCents(7n), '0.07');
    assert.throws(() => toCents('1.234'), RangeError);
    assert.throws(() => toCents('-1.00'), RangeError);
    assert.throws(() => toCents('1e3'), RangeError);
  });

  it('reads discounts as basis points with at most two decimals', () => {
    assert.equal(toBasisPoints('0'), 0n);
    assert.equal(toBasisPoints('12.5'), 1250n);
    assert.equal(toBasisPoints('30.00'), 3000n);
    assert.throws(() => toBasisPoints('10.001'), RangeError);
    assert.throws(() => toBasisPoints('-1'), RangeError);
    assert.throws(() => toBasisPoints('100'), RangeError);
  });

  it('derives monthly value as premium x lives x (1 - discount) and annual as 12 x monthly', () => {
    assert.deepEqual(values('450.00', 120, '0'), ['54000.00', '648000.00']);
    assert.deepEqual(values('450.00', 120, '10'), ['48600.00', '583200.00']);
    assert.deepEqual(values('0.10', 3, '0'), ['0.30', '3.60']);
  });

  it('rounds the monthly value half-up to the cent before multiplying by 12', () => {
    // 0.05 x 1 x 0.90 = 0.045 -> 0.05 (exactly half a cent goes up)
    assert.deepEqual(values('0.05', 1, '10'), ['0.05', '0.60']);
    // 0.01 x 1 x 0.75 = 0.0075 -> 0.01
    assert.deepEqual(values('0.01', 1, '25'), ['0.01', '0.12']);
    // 333.33 x 3 x 0.8765 = 876.4912335 -> 876.49
    assert.deepEqual(values('333.33', 3, '12.35'), ['876.49', '10517.88']);
    // 0.03 x 1 x 0.85 = 0.0255 -> 0.03 ; 0.03 x 0.8333 (16.67 %) = 0.024999 -> 0.02
    assert.deepEqual(values('0.03', 1, '15'), ['0.03', '0.36']);
    assert.deepEqual(values('0.03', 1, '16.67'), ['0.02', '0.24']);
  });

  it('is exact for the largest contract the schema accepts', () => {
    // 1,000,000.00 per life x 1,000,000 lives = 10^12 per month; no precision is lost
    assert.deepEqual(values('1000000.00', 1_000_000, '0'), ['1000000000000.00', '12000000000000.00']);
    assert.deepEqual(values('999999.99', 999_999, '0.01'), ['999898990101.01', '11998787881212.12']);
  });
});

describe('approval level from annual value and discount', () => {
  it('is AUTO below 100,000.00 without discount, and SALES_MANAGER from exactly 100,000.00', () => {
    assert.equal(level('99999.99', '0'), ApprovalLevel.AUTO);
    assert.equal(level('100000.00', '0'), ApprovalLevel.SALES_MANAGER);
  });

  it('is never AUTO with any discount', () => {
    assert.equal(level('10.00', '0.01'), ApprovalLevel.SALES_MANAGER);
  });

  it('is SALES_MANAGER below 500,000.00 and COMMERCIAL_DIRECTOR from exactly 500,000.00', () => {
    assert.equal(level('499999.99', '0'), ApprovalLevel.SALES_MANAGER);
    assert.equal(level('500000.00', '0'), ApprovalLevel.COMMERCIAL_DIRECTOR);
  });

  it('is COMMERCIAL_DIRECTOR below 2,000,000.00 and CEO_BOARD from exactly 2,000,000.00', () => {
    assert.equal(level('1999999.99', '0'), ApprovalLevel.COMMERCIAL_DIRECTOR);
    assert.equal(level('2000000.00', '0'), ApprovalLevel.CEO_BOARD);
  });

  it('allows SALES_MANAGER up to exactly 10 % discount and COMMERCIAL_DIRECTOR up to exactly 20 %', () => {
    assert.equal(level('200000.00', '10'), ApprovalLevel.SALES_MANAGER);
    assert.equal(level('200000.00', '10.01'), ApprovalLevel.COMMERCIAL_DIRECTOR);
    assert.equal(level('200000.00', '20'), ApprovalLevel.COMMERCIAL_DIRECTOR);
    assert.equal(level('200000.00', '20.01'), ApprovalLevel.CEO_BOARD);
    assert.equal(level('10.00', '30'), ApprovalLevel.CEO_BOARD);
  });

  it('lets an approver role decide its own tier and every tier below it', () => {
    assert.equal(roleCoversLevel('SALES_MANAGER', ApprovalLevel.SALES_MANAGER), true);
    assert.equal(roleCoversLevel('SALES_MANAGER', ApprovalLevel.COMMERCIAL_DIRECTOR), false);
    assert.equal(roleCoversLevel('CEO_BOARD', ApprovalLevel.COMMERCIAL_DIRECTOR), true);
    assert.equal(roleCoversLevel('SALES_REP', ApprovalLevel.SALES_MANAGER), false);
    assert.equal(roleCoversLevel('AUTO', ApprovalLevel.AUTO), false);
    assert.equal(roleCoversLevel(null, ApprovalLevel.SALES_MANAGER), false);
  });
});
