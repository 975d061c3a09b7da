import { isUuid } from '@salesgraph/write';
import { badInput } from '@salesgraph/errors';
import { Relationship } from './beneficiary.entity.js';
import type { BeneficiaryRowInput } from './beneficiary.inputs.js';
import { EnrollmentRowReason, type EnrollmentRowProblem } from './beneficiary.results.js';
import { birthDateProblem } from './beneficiary.dates.js';
import { isValidCpf, normalizeCpf } from './cpf.js';

export const MAX_BULK_ROWS = 1000;
const NAME_MAX = 200;
const CONTROL = /[\u0000-\u001f\u007f]/;

/** A row that passed the checks that need no database. */
export interface CheckedRow {
  readonly index: number;
  readonly cpf: string;
  readonly name: string;
  readonly birthDate: string;
  readonly relationship: Relationship;
  readonly holderId: string | null;
  readonly holderCpf: string | null;
}

export function nameProblem(name: string): string | null {
  if (!name) return 'must not be empty';
  if (name.length > NAME_MAX) return `must be at most ${NAME_MAX} characters`;
  if (CONTROL.test(name)) return 'must not contain control characters';
  return null;
}

export function requireName(value: string): string {
  const name = value.trim();
  const problem = nameProblem(name);
  if (problem) throw badInput('name', problem);
  return name;
}

export function requireBirthDate(value: string, today: string): string {
  const problem = birthDateProblem(value, today);
  if (problem) throw badInput('birthDate', problem);
  return value;
}

/**
 * Checks one row without the database. Returns every problem of the row (not only the
 * first) and, when there are none, the normalised row.
 */
export function checkRow(
  row: BeneficiaryRowInput,
  index: number,
  today: string,
): { row: CheckedRow | null; problems: EnrollmentRowProblem[] } {
  const problems: EnrollmentRowProblem[] = [];
  const problem = (field: string, reason: EnrollmentRowReason, message: string) =>
    problems.push({ row: index, field, reason, message });
  const cpf = normalizeCpf(row.cpf ?? '');
  if (!/^\d{11}$/.test(cpf)) problem('cpf', EnrollmentRowReason.INVALID_CPF, 'must have 11 digits');
  else if (!isValidCpf(cpf)) problem('cpf', EnrollmentRowReason.INVALID_CPF, 'check digits do not match');
  const name = (row.name ?? '').trim();
  const badName = nameProblem(name);
  if (badName) problem('name', EnrollmentRowReason.INVALID_NAME, badName);
  const badBirthDate = birthDateProblem(row.birthDate, today);
  if (badBirthDate) problem('birthDate', EnrollmentRowReason.INVALID_BIRTH_DATE, badBirthDate);

  const holderId = row.holderId?.trim() || null;
  const holderCpf = row.holderCpf ? normalizeCpf(row.holderCpf) : null;
  if (row.relationship === Relationship.HOLDER) {
    if (holderId) problem('holderId', EnrollmentRowReason.HOLDER_NOT_ALLOWED, 'a HOLDER has no holder');
    if (holderCpf) problem('holderCpf', EnrollmentRowReason.HOLDER_NOT_ALLOWED, 'a HOLDER has no holder');
  } else if (!holderId && !holderCpf) {
    problem('holderId', EnrollmentRowReason.HOLDER_REQUIRED, `required for a ${row.relationship} (or holderCpf)`);
  } else if (holderId && holderCpf) {
    problem('holderCpf', EnrollmentRowReason.INVALID_HOLDER, 'give holderId or holderCpf, not both');
  } else if (holderId && !isUuid(holderId)) {
    problem('holderId', EnrollmentRowReason.INVALID_HOLDER, 'must be a beneficiary id (uuid)');
  } else if (holderCpf && !isValidCpf(holderCpf)) {
    problem('holderCpf', EnrollmentRowReason.INVALID_CPF, 'is not a valid CPF');
  } else if (holderCpf && holderCpf === cpf) {
    problem('holderCpf', EnrollmentRowReason.INVALID_HOLDER, 'a dependent cannot be their own holder');
  }
  if (problems.length) return { row: null, problems };
  return {
    row: { index, cpf, name, birthDate: row.birthDate, relationship: row.relationship, holderId, holderCpf },
    problems,
  };
}

/** The later occurrences of a CPF already given by an earlier row of the same batch. */
export function duplicatesInBatch(rows: readonly CheckedRow[]): EnrollmentRowProblem[] {
  const first = new Map<string, number>();
  const problems: EnrollmentRowProblem[] = [];
  for (const row of rows) {
    const earlier = first.get(row.cpf);
    if (earlier === undefined) first.set(row.cpf, row.index);
    else
      problems.push({
        row: row.index,
        field: 'cpf',
        reason: EnrollmentRowReason.DUPLICATE_CPF_IN_BATCH,
        message: `the same CPF as row ${earlier}`,
      });
  }
  return problems;
}
