import type { z } from 'zod';
import { isValidCnpj } from '@salesgraph/seed';
import type { NormalizedOrder, PlanType, ProductMapping, SalesSystem } from './adapter.js';

/** Every zod issue as `path: message` (the path in the system's own field names). */
export function shapeProblems(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.map(String).join('.') || '(payload)'}: ${issue.message}`);
}

/** The 14 digits of a CNPJ written with or without punctuation; null when its check digits are wrong. */
export function cnpjDigits(value: string): string | null {
  const digits = value.replace(/[.\-/\s]/g, '');
  return isValidCnpj(digits) ? digits : null;
}

export interface OrderLine {
  readonly code: string;
  readonly lives: number;
  readonly monthlyCentsPerLife: number;
}

export const centsToMoney = (cents: number): string =>
  `${Math.trunc(cents / 100)}.${String(Math.abs(cents) % 100).padStart(2, '0')}`;

/**
 * The order's lines through the system's product table: each line's plan type, and the order's
 * totals — lives, annual value (12 months of every line), and the plan type of the line with the
 * most lives (the first such line on a tie). An unknown code is a problem naming it.
 */
export function mapLines(
  system: SalesSystem,
  lines: readonly OrderLine[],
  table: ProductMapping,
  field: (index: number) => string,
): {
  problems: string[];
  products: NormalizedOrder['products'];
  planType: PlanType;
  totalLives: number;
  annualValue: string;
} {
  const problems: string[] = [];
  const products = lines.flatMap((line, index) => {
    const planType = table[line.code];
    if (!planType) {
      problems.push(`${field(index)}: unknown ${system} product code "${line.code}" (no plan type is mapped to it)`);
      return [];
    }
    return [
      { code: line.code, planType, lives: line.lives, monthlyValuePerLife: centsToMoney(line.monthlyCentsPerLife) },
    ];
  });
  const primary = products.reduce<(typeof products)[number] | undefined>(
    (best, product) => (best && best.lives >= product.lives ? best : product),
    undefined,
  );
  const totalLives = lines.reduce((sum, line) => sum + line.lives, 0);
  const annualCents = lines.reduce((sum, line) => sum + line.lives * line.monthlyCentsPerLife * 12, 0);
  return {
    problems,
    products,
    planType: primary?.planType ?? 'AMBULATORIAL',
    totalLives,
    annualValue: centsToMoney(annualCents),
  };
}
