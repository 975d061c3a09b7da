import { contractsEvents } from '@salesgraph/events';
import type { Random } from '../random.js';

/** Approval levels and plan types as the contract events name them. */
export const { approvalLevels, planTypes } = contractsEvents;
export type ApprovalLevel = (typeof approvalLevels)[number];
export type PlanType = (typeof planTypes)[number];

/** The terms a contract is drafted with, and what the contracts subgraph will derive from them. */
export interface ContractTerms {
  readonly planType: PlanType;
  /** Money string, e.g. "452.30". */
  readonly monthlyPremiumPerLife: string;
  readonly contractedLives: number;
  /** Percent string with up to two decimals, e.g. "7.5". */
  readonly discountPercent: string;
  readonly monthlyValue: string;
  readonly annualValue: string;
  readonly approvalLevel: ApprovalLevel;
}

/** Monthly premium per life by plan, in cents (typical 2026 group-plan prices). */
const premiumRange: Record<PlanType, readonly [number, number]> = {
  AMBULATORIAL: [16_000, 32_000],
  HOSPITALAR: [38_000, 65_000],
  HOSPITALAR_OBSTETRICIA: [45_000, 80_000],
  REFERENCIA: [70_000, 120_000],
  ODONTOLOGICO: [3_500, 8_000],
};

const planWeights: readonly (readonly [PlanType, number])[] = [
  ['HOSPITALAR_OBSTETRICIA', 4],
  ['HOSPITALAR', 3],
  ['AMBULATORIAL', 2],
  ['ODONTOLOGICO', 2],
  ['REFERENCIA', 1],
];

/** Annual value bands (cents) the generator aims at for each level. */
const annualBand: Record<ApprovalLevel, readonly [number, number]> = {
  AUTO: [2_500_000, 9_900_000],
  SALES_MANAGER: [11_000_000, 49_000_000],
  COMMERCIAL_DIRECTOR: [52_000_000, 195_000_000],
  CEO_BOARD: [210_000_000, 900_000_000],
};

/** Discounts (basis points) a level's deals are typically given. */
const discounts: Record<ApprovalLevel, readonly number[]> = {
  AUTO: [0],
  SALES_MANAGER: [0, 0, 250, 500, 750, 1000],
  COMMERCIAL_DIRECTOR: [500, 1000, 1250, 1500, 2000],
  CEO_BOARD: [0, 1000, 1500, 2200, 2500],
};

export const formatCents = (cents: bigint | number) => {
  const value = BigInt(cents);
  return `${value / 100n}.${String(value % 100n).padStart(2, '0')}`;
};

const formatBasisPoints = (bp: number) => (bp % 100 === 0 ? String(bp / 100) : (bp / 100).toFixed(2).replace(/0$/, ''));

/** monthly = round_half_up(premium × lives × (1 − discount)); annual = 12 × monthly — as the contracts subgraph computes it. */
export function priceContract(
  premiumCents: number,
  lives: number,
  discountBp: number,
): { monthlyCents: bigint; annualCents: bigint } {
  const numerator = BigInt(premiumCents) * BigInt(lives) * BigInt(10_000 - discountBp);
  const monthlyCents = (numerator * 2n + 10_000n) / 20_000n;
  return { monthlyCents, annualCents: monthlyCents * 12n };
}

/** The approval tier of DOMAIN.md: limits exclusive, discount inclusive. */
export function approvalLevelFor(annualCents: bigint, discountBp: number): ApprovalLevel {
  if (annualCents < 10_000_000n && discountBp === 0) return 'AUTO';
  if (annualCents < 50_000_000n && discountBp <= 1000) return 'SALES_MANAGER';
  if (annualCents < 200_000_000n && discountBp <= 2000) return 'COMMERCIAL_DIRECTOR';
  return 'CEO_BOARD';
}

/** Realistic terms that land in `level` (plan, price per life, lives and discount drawn to fit). */
export function termsForLevel(random: Random, level: ApprovalLevel): ContractTerms {
  for (;;) {
    const planType = random.weighted(planWeights);
    const [low, high] = premiumRange[planType];
    const premiumCents = random.int(low / 10, high / 10) * 10;
    const discountBp = random.pick(discounts[level]);
    const [bandLow, bandHigh] = annualBand[level];
    const targetAnnual = random.int(bandLow, bandHigh);
    const lives = Math.max(1, Math.round(targetAnnual / (12 * premiumCents * (1 - discountBp / 10_000))));
    if (lives > 1_000_000) continue;
    const { monthlyCents, annualCents } = priceContract(premiumCents, lives, discountBp);
    if (approvalLevelFor(annualCents, discountBp) !== level) continue;
    return {
      planType,
      monthlyPremiumPerLife: formatCents(premiumCents),
      contractedLives: lives,
      discountPercent: formatBasisPoints(discountBp),
      monthlyValue: formatCents(monthlyCents),
      annualValue: formatCents(annualCents),
      approvalLevel: level,
    };
  }
}
