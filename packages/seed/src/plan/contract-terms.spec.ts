import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRandom } from '../random.js';
import { approvalLevelFor, approvalLevels, priceContract, termsForLevel } from './contract-terms.js';

describe('contract terms', () => {
  it('price as the contracts subgraph does: half-up to the cent, annual = 12 × monthly', () => {
    assert.deepEqual(priceContract(45_000, 120, 1000), { monthlyCents: 4_860_000n, annualCents: 58_320_000n });
    // 333.33 × 3 × 0.975 = 974.99025 -> 974.99
    assert.equal(priceContract(33_333, 3, 250).monthlyCents, 97_499n);
    // 0.05 × 1 × 0.9 = 0.045 -> 0.05 (half up)
    assert.equal(priceContract(5, 1, 1000).monthlyCents, 5n);
  });

  it('put the tier limits where DOMAIN.md does (exclusive values, inclusive discounts)', () => {
    assert.equal(approvalLevelFor(9_999_999n, 0), 'AUTO');
    assert.equal(approvalLevelFor(10_000_000n, 0), 'SALES_MANAGER');
    assert.equal(approvalLevelFor(100n, 1), 'SALES_MANAGER');
    assert.equal(approvalLevelFor(49_999_999n, 1000), 'SALES_MANAGER');
    assert.equal(approvalLevelFor(49_999_999n, 1001), 'COMMERCIAL_DIRECTOR');
    assert.equal(approvalLevelFor(50_000_000n, 0), 'COMMERCIAL_DIRECTOR');
    assert.equal(approvalLevelFor(199_999_999n, 2000), 'COMMERCIAL_DIRECTOR');
    assert.equal(approvalLevelFor(199_999_999n, 2001), 'CEO_BOARD');
    assert.equal(approvalLevelFor(200_000_000n, 0), 'CEO_BOARD');
  });

  it('draw terms that land in the tier asked for, with the derived values written out', () => {
    const random = createRandom('terms');
    for (const level of approvalLevels) {
      for (let i = 0; i < 200; i++) {
        const terms = termsForLevel(random, level);
        assert.equal(terms.approvalLevel, level);
        const cents = (money: string) => Number(money.replace('.', ''));
        const bp = Math.round(Number(terms.discountPercent) * 100);
        const { monthlyCents, annualCents } = priceContract(
          cents(terms.monthlyPremiumPerLife),
          terms.contractedLives,
          bp,
        );
        assert.equal(approvalLevelFor(annualCents, bp), level);
        assert.equal(cents(terms.monthlyValue), Number(monthlyCents));
        assert.equal(cents(terms.annualValue), Number(annualCents));
        assert.ok(terms.contractedLives >= 1 && bp >= 0 && bp <= 3000);
      }
    }
  });
});
