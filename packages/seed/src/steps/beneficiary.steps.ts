import type { SeedContext } from '../context.js';
import { enrollBeneficiariesOperation } from '../operations.js';
import type { BeneficiaryRow } from '../plan/families.js';
import { SeedProblemError, untilProjected, type Problem } from './problem.js';

interface EnrollResult {
  readonly count: number;
  readonly problem: Problem | null;
  readonly rowProblems: readonly { row: number; field: string; reason: string; message: string }[];
}

/**
 * Bulk enrolment (up to 1,000 rows, all or nothing) once the beneficiaries subgraph's
 * ContractSnapshot knows the contract as SIGNED or ACTIVE.
 */
export async function enrollBeneficiaries(
  context: SeedContext,
  token: string,
  contractId: string,
  rows: readonly BeneficiaryRow[],
): Promise<number> {
  const result = await untilProjected(
    context,
    `contract ${contractId} to reach beneficiaries' ContractSnapshot as SIGNED or ACTIVE`,
    ['CONTRACT_NOT_FOUND', 'CONTRACT_NOT_ENROLLABLE'],
    async () => {
      const data = await context.client.execute<{ enrollBeneficiaries: EnrollResult }>(
        token,
        enrollBeneficiariesOperation,
        { input: { contractId, rows } },
      );
      return data.enrollBeneficiaries;
    },
  );
  if (result.problem) {
    const rows = result.rowProblems
      .slice(0, 5)
      .map((p) => `row ${p.row} ${p.field} ${p.reason}`)
      .join(', ');
    throw new SeedProblemError('enrollBeneficiaries', {
      reason: result.problem.reason,
      message: `${result.problem.message}${rows ? `: ${rows}` : ''}`,
    });
  }
  for (const row of rows) context.stats.add(`beneficiaries.${row.relationship}`);
  context.stats.add('beneficiaries', result.count);
  return result.count;
}
