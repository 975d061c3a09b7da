import { birthDateForAge } from '../dates.js';
import { generateCpf, uniqueValue } from '../documents.js';
import { familyName, personName } from '../names.js';
import type { Random } from '../random.js';

export type Relationship = 'HOLDER' | 'SPOUSE' | 'CHILD' | 'OTHER_DEPENDENT';

/** One row of `enrollBeneficiaries`: dependents name their holder by CPF (a HOLDER of the same bulk). */
export interface BeneficiaryRow {
  readonly cpf: string;
  readonly name: string;
  readonly birthDate: string;
  readonly relationship: Relationship;
  readonly holderCpf?: string;
}

/**
 * `count` people of one contract as families: an employee (HOLDER, 19–64), often a spouse,
 * children up to 23, now and then a parent (OTHER_DEPENDENT). The last family is cut to fit.
 * Returns families, so a bulk never separates a dependent from its holder.
 */
export function familiesFor(random: Random, count: number, today: string, cpfs: Set<string>): BeneficiaryRow[][] {
  const families: BeneficiaryRow[][] = [];
  let left = count;
  const cpf = () => uniqueValue(cpfs, () => generateCpf(random));
  while (left > 0) {
    const holderSex = random.chance(0.5) ? 'F' : 'M';
    const holderAge = random.int(19, 64);
    const holder: BeneficiaryRow = {
      cpf: cpf(),
      name: personName(random, holderSex),
      birthDate: birthDateForAge(random, today, holderAge),
      relationship: 'HOLDER',
    };
    const family: BeneficiaryRow[] = [holder];
    const dependent = (row: Omit<BeneficiaryRow, 'holderCpf' | 'cpf'>) =>
      family.push({ ...row, cpf: cpf(), holderCpf: holder.cpf });
    if (holderAge >= 22 && random.chance(0.55)) {
      const age = Math.min(90, Math.max(18, holderAge + random.int(-6, 6)));
      dependent({
        name: personName(random, holderSex === 'F' ? 'M' : 'F'),
        birthDate: birthDateForAge(random, today, age),
        relationship: 'SPOUSE',
      });
    }
    const children =
      holderAge >= 20
        ? random.weighted([
            [0, 30],
            [1, 30],
            [2, 28],
            [3, 10],
            [4, 2],
          ] as const)
        : 0;
    for (let i = 0; i < children; i++) {
      const age = random.int(0, Math.min(23, holderAge - 18));
      dependent({
        name: personName(random, undefined, familyName(holder.name)),
        birthDate: birthDateForAge(random, today, age),
        relationship: 'CHILD',
      });
    }
    if (holderAge >= 35 && random.chance(0.03)) {
      dependent({
        name: personName(random),
        birthDate: birthDateForAge(random, today, Math.min(98, holderAge + random.int(20, 32))),
        relationship: 'OTHER_DEPENDENT',
      });
    }
    const kept = family.slice(0, left);
    families.push(kept);
    left -= kept.length;
  }
  return families;
}

/** Families packed into bulks of at most `maxRows` rows (1,000 is the subgraph's limit). */
export function bulksOf(families: readonly BeneficiaryRow[][], maxRows = 1000): BeneficiaryRow[][] {
  const bulks: BeneficiaryRow[][] = [];
  let current: BeneficiaryRow[] = [];
  for (const family of families) {
    if (current.length + family.length > maxRows) {
      bulks.push(current);
      current = [];
    }
    current.push(...family);
  }
  if (current.length) bulks.push(current);
  return bulks;
}
