import { randomUUID } from 'node:crypto';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Identity } from '@salesgraph/auth';
import { badInput } from '@salesgraph/errors';
import { isUniqueViolation } from '@salesgraph/orm';
import { ContractSnapshot, enrollableStatuses } from '../contract-snapshot/contract-snapshot.entity.js';
import { Beneficiary, Relationship } from './beneficiary.entity.js';
import type { BeneficiaryRowInput, EnrollBeneficiariesInput, EnrollBeneficiaryInput } from './beneficiary.inputs.js';
import {
  BeneficiaryProblemReason,
  EnrollmentRowReason,
  type BeneficiaryProblem,
  type BeneficiaryResult,
  type EnrollBeneficiariesResult,
  type EnrollmentRowProblem,
} from './beneficiary.results.js';
import { checkRow, duplicatesInBatch, MAX_BULK_ROWS, UUID, type CheckedRow } from './beneficiary.validation.js';
import { ansDeadlineFor, businessDate } from './beneficiary.dates.js';
import { healthCardNumber } from './health-card.js';
import { normalizeCpf } from './cpf.js';
import { recordBeneficiaryEvent } from './beneficiary.events.js';

export interface EnrollmentSettings {
  /** The 6-digit ANS operator registration (health card prefix). */
  readonly operatorRegistration: string;
}

type Outcome =
  | { readonly problem: BeneficiaryProblem; readonly rowProblems: EnrollmentRowProblem[] }
  | { readonly problem: null; readonly enrolled: Beneficiary[]; readonly eventIds: string[] };

const ACTIVE_CPF_CONSTRAINT = 'beneficiary_tenant_active_cpf_unique';
const problemOf = (
  reason: BeneficiaryProblemReason,
  message: string,
  rowProblems: EnrollmentRowProblem[] = [],
): Outcome => ({ problem: { reason, message }, rowProblems });

/** Checks the rows against what is already enrolled (one statement for CPFs and holders). */
async function checkAgainstEnrolled(
  tx: EntityManager,
  contractId: string,
  rows: readonly CheckedRow[],
  batchHolders: ReadonlySet<string>,
) {
  const cpfs = [...new Set(rows.flatMap((row) => (row.holderCpf ? [row.cpf, row.holderCpf] : [row.cpf])))];
  const holderIds = [...new Set(rows.flatMap((row) => (row.holderId ? [row.holderId] : [])))];
  const known = await tx.find(Beneficiary, {
    $or: [{ cpf: { $in: cpfs }, removedAt: null }, ...(holderIds.length ? [{ id: { $in: holderIds } }] : [])],
  });
  const activeByCpf = new Map(known.filter((b) => b.removedAt === null && b.cpf).map((b) => [b.cpf!, b]));
  const byId = new Map(known.map((b) => [b.id, b]));
  const problems: EnrollmentRowProblem[] = [];
  const holderProblem = (holder: Beneficiary | undefined): string | null => {
    if (!holder || holder.removedAt !== null) return 'no active beneficiary with this holder was found';
    if (holder.relationship !== Relationship.HOLDER) return 'the holder must have relationship HOLDER';
    if (holder.contractId !== contractId) return 'the holder belongs to another contract';
    return null;
  };
  for (const row of rows) {
    if (activeByCpf.has(row.cpf)) {
      problems.push({
        row: row.index,
        field: 'cpf',
        reason: EnrollmentRowReason.DUPLICATE_CPF,
        message: 'an active beneficiary of this tenant already has this CPF',
      });
    }
    if (row.holderId) {
      const why = holderProblem(byId.get(row.holderId));
      if (why)
        problems.push({ row: row.index, field: 'holderId', reason: EnrollmentRowReason.INVALID_HOLDER, message: why });
    }
    if (row.holderCpf && !batchHolders.has(row.holderCpf)) {
      const why = holderProblem(activeByCpf.get(row.holderCpf));
      if (why)
        problems.push({ row: row.index, field: 'holderCpf', reason: EnrollmentRowReason.INVALID_HOLDER, message: why });
    }
  }
  return { problems, activeByCpf };
}

/**
 * Enrols checked rows into one contract, all or nothing. The ContractSnapshot row is locked
 * (`select ... for update`) for the whole transaction, so concurrent enrolments into the same
 * contract are serialised and the active-lives count cannot race past `contractedLives`.
 */
interface Batch {
  readonly rows: readonly CheckedRow[];
  /** Problems found without the database. */
  readonly earlier: readonly EnrollmentRowProblem[];
  /** CPFs of every HOLDER row of the batch, valid or not (a dependent may name one by holderCpf). */
  readonly holderCpfs: ReadonlySet<string>;
}

async function enrollRows(
  em: EntityManager,
  identity: Identity,
  settings: EnrollmentSettings,
  contractId: string,
  { rows, earlier, holderCpfs }: Batch,
): Promise<Outcome> {
  try {
    return await em.transactional(async (tx): Promise<Outcome> => {
      const contract = await tx.findOne(ContractSnapshot, { id: contractId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!contract)
        return problemOf(
          BeneficiaryProblemReason.CONTRACT_NOT_FOUND,
          'No such contract in this tenant (or its events have not arrived yet)',
          [...earlier],
        );
      if (!enrollableStatuses.has(contract.status)) {
        return problemOf(
          BeneficiaryProblemReason.CONTRACT_NOT_ENROLLABLE,
          `The contract is ${contract.status}; only SIGNED or ACTIVE contracts take enrolments`,
          [...earlier],
        );
      }
      const { problems, activeByCpf } = await checkAgainstEnrolled(tx, contractId, rows, holderCpfs);
      const rowProblems = [...earlier, ...problems].sort((a, b) => a.row - b.row);
      if (rowProblems.length)
        return problemOf(
          BeneficiaryProblemReason.INVALID_ROWS,
          `${new Set(rowProblems.map((p) => p.row)).size} row(s) cannot be enrolled; nothing was`,
          rowProblems,
        );

      const active = await tx.count(Beneficiary, { contractId, removedAt: null });
      if (active + rows.length > contract.contractedLives) {
        return problemOf(
          BeneficiaryProblemReason.LIVES_LIMIT_EXCEEDED,
          `The contract covers ${contract.contractedLives} lives; ${active} are active and ${rows.length} more would exceed it`,
        );
      }
      const sequence = await tx.execute<{ n: string }[]>(
        `select nextval('beneficiaries.health_card_seq')::text as n from generate_series(1, ?)`,
        [rows.length],
      );
      const includedAt = new Date();
      const ids = rows.map(() => randomUUID());
      const newHolderIdByCpf = new Map(
        rows.flatMap((row, i) => (row.relationship === Relationship.HOLDER ? [[row.cpf, ids[i]!] as const] : [])),
      );
      const enrolled = rows.map((row, i) =>
        tx.create(Beneficiary, {
          id: ids[i]!,
          tenantId: identity.tenant,
          contractId,
          companyId: contract.companyId,
          cpf: row.cpf,
          name: row.name,
          birthDate: row.birthDate,
          relationship: row.relationship,
          holderId:
            row.holderId ??
            (row.holderCpf ? (newHolderIdByCpf.get(row.holderCpf) ?? activeByCpf.get(row.holderCpf)!.id) : null),
          healthCardNumber: healthCardNumber(settings.operatorRegistration, sequence[i]!.n),
          includedAt,
          inclusionDate: businessDate(includedAt),
          ansDeadline: ansDeadlineFor(includedAt),
        }),
      );
      const eventIds = enrolled.map((beneficiary) =>
        recordBeneficiaryEvent(tx, identity, beneficiary, 'beneficiary.enrolled', 1, {}),
      );
      await tx.flush();
      return { problem: null, enrolled, eventIds };
    });
  } catch (error) {
    if (isUniqueViolation(error, ACTIVE_CPF_CONSTRAINT)) {
      return problemOf(
        BeneficiaryProblemReason.DUPLICATE_CPF,
        'An active beneficiary with one of these CPFs was enrolled meanwhile; nothing was enrolled',
      );
    }
    throw error;
  }
}

function requireContractId(contractId: string): string {
  if (!UUID.test(contractId)) throw badInput('contractId', 'must be a contract id (uuid)');
  return contractId;
}

/** One person. Input errors are BAD_USER_INPUT naming the field; rule violations are a `problem`. */
export async function enrollBeneficiary(
  em: EntityManager,
  identity: Identity,
  settings: EnrollmentSettings,
  input: EnrollBeneficiaryInput,
): Promise<BeneficiaryResult> {
  const contractId = requireContractId(input.contractId);
  const { row, problems } = checkRow(input, 0, businessDate(new Date()));
  if (!row) throw badInput(problems[0]!.field, problems[0]!.message);
  const outcome = await enrollRows(em, identity, settings, contractId, {
    rows: [row],
    earlier: [],
    holderCpfs: new Set(),
  });
  if (outcome.problem === null)
    return { beneficiary: outcome.enrolled[0]!, problem: null, eventId: outcome.eventIds[0]! };
  const first = outcome.rowProblems[0];
  if (!first) return { beneficiary: null, problem: outcome.problem, eventId: null };
  const reason =
    first.reason === EnrollmentRowReason.DUPLICATE_CPF
      ? BeneficiaryProblemReason.DUPLICATE_CPF
      : BeneficiaryProblemReason.INVALID_HOLDER;
  return { beneficiary: null, problem: { reason, message: `${first.field}: ${first.message}` }, eventId: null };
}

/** Up to 1,000 people for one contract: all enrolled, or none and every bad row reported. */
export async function enrollBeneficiaries(
  em: EntityManager,
  identity: Identity,
  settings: EnrollmentSettings,
  input: EnrollBeneficiariesInput,
): Promise<EnrollBeneficiariesResult> {
  const contractId = requireContractId(input.contractId);
  if (input.rows.length < 1 || input.rows.length > MAX_BULK_ROWS)
    throw badInput('rows', `must have 1 to ${MAX_BULK_ROWS} rows`);
  const today = businessDate(new Date());
  const checked = input.rows.map((row: BeneficiaryRowInput, index) => checkRow(row, index, today));
  const rows = checked.flatMap((result) => (result.row ? [result.row] : []));
  const earlier = [...checked.flatMap((result) => result.problems), ...duplicatesInBatch(rows)];
  const holderCpfs = new Set(
    input.rows.filter((row) => row.relationship === Relationship.HOLDER).map((row) => normalizeCpf(row.cpf ?? '')),
  );
  const outcome = await enrollRows(em, identity, settings, contractId, { rows, earlier, holderCpfs });
  if (outcome.problem !== null)
    return { enrolled: [], count: 0, problem: outcome.problem, rowProblems: outcome.rowProblems, eventIds: [] };
  return {
    enrolled: outcome.enrolled,
    count: outcome.enrolled.length,
    problem: null,
    rowProblems: [],
    eventIds: outcome.eventIds,
  };
}
