import { ApprovalLevel } from './contract-status.js';

/**
 * Contract pricing in exact integer arithmetic (BigInt): money in cents, the discount in
 * basis points (hundredths of a percent, so "12.5" % = 1250). Nothing here is a float.
 *
 *   monthlyValue = premium per life x lives x (1 - discount), rounded half-up to the cent
 *   annualValue  = monthlyValue x 12 (the rounded monthly value, so twelve invoices add up
 *                  to the annual value exactly; annual values are therefore multiples of R$ 0.12)
 */

const MONEY = /^(\d{1,12})(?:\.(\d{1,2}))?$/;
const PERCENT = /^(\d{1,2})(?:\.(\d{1,2}))?$/;

export const MAX_DISCOUNT_BASIS_POINTS = 3000n;

/** "1234.5" -> 123450n. Throws RangeError on anything but a non-negative decimal with <= 2 places. */
export function toCents(amount: string): bigint {
  const match = MONEY.exec(amount);
  if (!match) throw new RangeError(`not a non-negative amount with at most 2 decimals: ${amount}`);
  return BigInt(match[1]!) * 100n + BigInt((match[2] ?? '').padEnd(2, '0'));
}

/** 123450n -> "1234.50". */
export function formatCents(cents: bigint): string {
  const sign = cents < 0n ? '-' : '';
  const abs = cents < 0n ? -cents : cents;
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** "12.5" -> 1250n basis points. Throws RangeError unless 0-99 with at most 2 decimals. */
export function toBasisPoints(percent: string): bigint {
  const match = PERCENT.exec(percent);
  if (!match) throw new RangeError(`not a percentage with at most 2 decimals: ${percent}`);
  return BigInt(match[1]!) * 100n + BigInt((match[2] ?? '').padEnd(2, '0'));
}

/** 1250n -> "12.50" (the canonical form stored and published). */
export const formatBasisPoints = formatCents;

/** Divides a non-negative numerator, rounding half-up. */
function divideHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (numerator * 2n + denominator) / (denominator * 2n);
}

export interface ContractValues {
  readonly monthlyCents: bigint;
  readonly annualCents: bigint;
}

export function contractValues(
  premiumPerLifeCents: bigint,
  lives: number,
  discountBasisPoints: bigint,
): ContractValues {
  const monthlyCents = divideHalfUp(premiumPerLifeCents * BigInt(lives) * (10_000n - discountBasisPoints), 10_000n);
  return { monthlyCents, annualCents: monthlyCents * 12n };
}

const AUTO_LIMIT = 100_000_00n;
const SALES_MANAGER_LIMIT = 500_000_00n;
const COMMERCIAL_DIRECTOR_LIMIT = 2_000_000_00n;

/** The approval tier for an annual value (cents) and a discount (basis points); limits are exclusive. */
export function approvalLevelFor(annualCents: bigint, discountBasisPoints: bigint): ApprovalLevel {
  if (annualCents < AUTO_LIMIT && discountBasisPoints === 0n) return ApprovalLevel.AUTO;
  if (annualCents < SALES_MANAGER_LIMIT && discountBasisPoints <= 1000n) return ApprovalLevel.SALES_MANAGER;
  if (annualCents < COMMERCIAL_DIRECTOR_LIMIT && discountBasisPoints <= 2000n) return ApprovalLevel.COMMERCIAL_DIRECTOR;
  return ApprovalLevel.CEO_BOARD;
}

const levelRank: Readonly<Record<ApprovalLevel, number>> = {
  AUTO: 0,
  SALES_MANAGER: 1,
  COMMERCIAL_DIRECTOR: 2,
  CEO_BOARD: 3,
};
const approverRoles: ReadonlySet<string> = new Set([
  ApprovalLevel.SALES_MANAGER,
  ApprovalLevel.COMMERCIAL_DIRECTOR,
  ApprovalLevel.CEO_BOARD,
]);

/** True when `role` is the approval tier `level` or a higher one (a CEO_BOARD may approve anything). */
export function roleCoversLevel(role: string | null, level: ApprovalLevel): boolean {
  if (role === null || !approverRoles.has(role)) return false;
  return levelRank[role as ApprovalLevel] >= levelRank[level];
}
