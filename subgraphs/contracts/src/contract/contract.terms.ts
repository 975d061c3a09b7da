import { badInput } from '@salesgraph/errors';
import type { ApprovalLevel, PlanType } from './contract-status.js';
import {
  MAX_DISCOUNT_BASIS_POINTS,
  approvalLevelFor,
  contractValues,
  formatBasisPoints,
  formatCents,
  toBasisPoints,
  toCents,
} from './contract.pricing.js';

/** The negotiated terms of a contract, validated, with everything derived from them. */
export interface ContractTerms {
  readonly planType: PlanType;
  readonly monthlyPremiumPerLife: string;
  readonly contractedLives: number;
  readonly discountPercent: string;
  readonly startDate: string;
  readonly endDate: string;
  readonly monthlyValue: string;
  readonly annualValue: string;
  readonly approvalLevel: ApprovalLevel;
}

export type TermsInput = Pick<
  ContractTerms,
  'planType' | 'monthlyPremiumPerLife' | 'contractedLives' | 'discountPercent' | 'startDate' | 'endDate'
>;

const MAX_PREMIUM_CENTS = 1_000_000_00n;
const MAX_LIVES = 1_000_000;
function premiumCents(value: string): bigint {
  let cents: bigint;
  try {
    cents = toCents(value);
  } catch {
    throw badInput('monthlyPremiumPerLife', 'must be a positive amount');
  }
  if (cents <= 0n || cents > MAX_PREMIUM_CENTS)
    throw badInput('monthlyPremiumPerLife', 'must be more than 0 and at most 1000000.00');
  return cents;
}

function discountBasisPoints(value: string): bigint {
  let basisPoints: bigint;
  try {
    basisPoints = toBasisPoints(value.trim());
  } catch {
    throw badInput('discountPercent', 'must be a percentage from 0 to 30 with at most two decimals, e.g. "12.5"');
  }
  if (basisPoints > MAX_DISCOUNT_BASIS_POINTS) throw badInput('discountPercent', 'must be at most 30');
  return basisPoints;
}

/** Validates terms (BAD_USER_INPUT naming the field) and derives values and approval level. */
export function contractTerms(input: TermsInput): ContractTerms {
  const premium = premiumCents(input.monthlyPremiumPerLife);
  if (!Number.isInteger(input.contractedLives) || input.contractedLives < 1 || input.contractedLives > MAX_LIVES) {
    throw badInput('contractedLives', 'must be a whole number from 1 to 1,000,000');
  }
  const discount = discountBasisPoints(input.discountPercent);
  if (input.endDate <= input.startDate) throw badInput('endDate', 'must be after startDate');
  const { monthlyCents, annualCents } = contractValues(premium, input.contractedLives, discount);
  return {
    planType: input.planType,
    monthlyPremiumPerLife: formatCents(premium),
    contractedLives: input.contractedLives,
    discountPercent: formatBasisPoints(discount),
    startDate: input.startDate,
    endDate: input.endDate,
    monthlyValue: formatCents(monthlyCents),
    annualValue: formatCents(annualCents),
    approvalLevel: approvalLevelFor(annualCents, discount),
  };
}
