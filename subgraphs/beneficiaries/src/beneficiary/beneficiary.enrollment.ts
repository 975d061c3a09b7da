import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Identity } from '@salesgraph/auth';
import { badInput } from '@salesgraph/errors';
import { WriteProblem, optionalReference, reference, refuse, type WriteRequest } from '@salesgraph/write';
import { ContractSnapshot, enrollableStatuses } from '../contract-snapshot/contract-snapshot.entity.js';
import { contractSnapshotProjection } from '../contract-snapshot/contract-snapshot.projection.js';
import { Beneficiary, Relationship } from './beneficiary.entity.js';
import type { BeneficiaryRowInput, EnrollBeneficiariesInput, EnrollBeneficiaryInput } from './beneficiary.inputs.js';
import {
  BeneficiaryProblemReason,
  EnrollmentRowReason,
  beneficiaryWrites,
  enrollmentBatches,
  type BeneficiaryResult,
  type EnrollBeneficiariesResult,
  type EnrollmentRowProblem,
} from './beneficiary.results.js';
import { checkRow, duplicatesInBatch, MAX_BULK_ROWS, type CheckedRow } from './beneficiary.validation.js';
import { ansDeadlineFor, businessDate } from './beneficiary.dates.js';
import { healthCardNumber } from './health-card.js';
import { normalizeCpf } from './cpf.js';
import { beneficiaryEvent } from './beneficiary.events.js';

export interface EnrollmentSettings {
  /** The 6-digit ANS operator registration (health card prefix). */
  readonly operatorRegistration: string;
}

/** Why a beneficiary cannot be the holder of a dependent enrolled into `contractId` (null: it can). */
function whyNotHolder(holder: Beneficiary | undefined, contractId: string): string | null {
  if (!holder || holder.removedAt !== null) return 'no active beneficiary with this holder was found';
  if (holder.relationship !== Relationship.HOLDER) return 'the holder must have relationship HOLDER';
  if (holder.contractId !== contractId) return 'the holder belongs to another contract';
  return null;
}

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
  const holderProblem = (holder: Beneficiary | undefined) => whyNotHolder(holder, contractId);
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

/** The rows of one enrolment, checked as far as they can be without the database. */
interface Batch {
  readonly rows: readonly CheckedRow[];
  /** Problems found without the database. */
  readonly earlier: readonly EnrollmentRowProblem[];
  /** CPFs of every HOLDER row of the batch, valid or not (a dependent may name one by holderCpf). */
  readonly holderCpfs: ReadonlySet<string>;
}

/**
 * A contract a beneficiary write names: in ContractSnapshot, in the caller's tenant, its row
 * locked for the whole transaction (enrolments count lives against it; ANS batches take its
 * pending beneficiaries), so writes into one contract are serialised.
 */
export const snapshotContract = (contractId: string, allows?: (contract: ContractSnapshot) => void) =>
  reference({
    entity: ContractSnapshot,
    field: 'contractId',
    id: contractId,
    missing: BeneficiaryProblemReason.CONTRACT_NOT_FOUND,
    noun: 'contract',
    projection: contractSnapshotProjection.name,
    lock: true,
    ...(allows ? { allows } : {}),
  });

/** The contract enrolled into: SIGNED or ACTIVE (so the active-lives count cannot race past `contractedLives`). */
const enrollableContract = (contractId: string) =>
  snapshotContract(contractId, (contract) => {
    if (!enrollableStatuses.has(contract.status))
      refuse(
        BeneficiaryProblemReason.CONTRACT_NOT_ENROLLABLE,
        `The contract is ${contract.status}; only SIGNED or ACTIVE contracts take enrolments`,
      );
  });

/** The holder a dependent names by id: an active HOLDER of the same contract, in the caller's tenant. */
const holderOf = (holderId: string | null | undefined, contractId: string) =>
  optionalReference({
    entity: Beneficiary,
    field: 'holderId',
    id: holderId,
    missing: BeneficiaryProblemReason.HOLDER_NOT_FOUND,
    noun: 'holder',
    allows: (holder) => {
      const why = whyNotHolder(holder, contractId);
      if (why) refuse(BeneficiaryProblemReason.INVALID_HOLDER, `holderId: ${why}`);
    },
  });

/** The rules of an enrolment into a found contract: every row valid, lives within the contract, then the rows. */
async function enrollRows(
  tx: EntityManager,
  identity: Identity,
  settings: EnrollmentSettings,
  contract: ContractSnapshot,
  { rows, earlier, holderCpfs }: Batch,
) {
  const { problems, activeByCpf } = await checkAgainstEnrolled(tx, contract.id, rows, holderCpfs);
  const rowProblems = [...earlier, ...problems].sort((a, b) => a.row - b.row);
  if (rowProblems.length)
    refuse(
      BeneficiaryProblemReason.INVALID_ROWS,
      `${new Set(rowProblems.map((p) => p.row)).size} row(s) cannot be enrolled; nothing was`,
      rowProblems,
    );
  const active = await tx.count(Beneficiary, { contractId: contract.id, removedAt: null });
  if (active + rows.length > contract.contractedLives)
    refuse(
      BeneficiaryProblemReason.LIVES_LIMIT_EXCEEDED,
      `The contract covers ${contract.contractedLives} lives; ${active} are active and ${rows.length} more would exceed it`,
    );
  const sequence = await tx.execute<{ n: string }[]>(
    `select nextval('beneficiaries.health_card_seq')::text as n from generate_series(1, ?)`,
    [rows.length],
  );
  const includedAt = new Date();
  const ids = rows.map(() => randomUUID());
  const newHolderIdByCpf = new Map(
    rows.flatMap((row, i) => (row.relationship === Relationship.HOLDER ? [[row.cpf, ids[i]!] as const] : [])),
  );
  const entities = rows.map((row, i) =>
    tx.create(Beneficiary, {
      id: ids[i]!,
      tenantId: identity.tenant,
      contractId: contract.id,
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
  const events = entities.map((beneficiary) => beneficiaryEvent(identity, beneficiary, 'beneficiary.enrolled', 1, {}));
  return { entities, events };
}

/** One person. Input errors are BAD_USER_INPUT naming the field; rule violations are a `problem`. */
export function enrollBeneficiary(
  request: WriteRequest,
  settings: EnrollmentSettings,
  input: EnrollBeneficiaryInput,
): Promise<BeneficiaryResult> {
  const { row, problems } = checkRow(input, 0, businessDate(new Date()));
  if (!row) throw badInput(problems[0]!.field, problems[0]!.message);
  return beneficiaryWrites.create(request, {
    operation: 'beneficiaries.enrollBeneficiary',
    input,
    references: { contract: enrollableContract(input.contractId), holder: holderOf(input.holderId, input.contractId) },
    rules: async (tx, { contract }) => {
      try {
        const { entities, events } = await enrollRows(tx, request.identity, settings, contract, {
          rows: [row],
          earlier: [],
          holderCpfs: new Set(),
        });
        return { entity: entities[0]!, events };
      } catch (error) {
        const first =
          error instanceof WriteProblem ? (error.details as EnrollmentRowProblem[] | undefined)?.[0] : undefined;
        if (!first) throw error;
        const reason =
          first.reason === EnrollmentRowReason.DUPLICATE_CPF
            ? BeneficiaryProblemReason.DUPLICATE_CPF
            : BeneficiaryProblemReason.INVALID_HOLDER;
        return refuse(reason, `${first.field}: ${first.message}`);
      }
    },
  });
}

/** Up to 1,000 people for one contract: all enrolled, or none and every bad row reported. */
export function enrollBeneficiaries(
  request: WriteRequest,
  settings: EnrollmentSettings,
  input: EnrollBeneficiariesInput,
): Promise<EnrollBeneficiariesResult> {
  if (input.rows.length < 1 || input.rows.length > MAX_BULK_ROWS)
    throw badInput('rows', `must have 1 to ${MAX_BULK_ROWS} rows`);
  const today = businessDate(new Date());
  const checked = input.rows.map((row: BeneficiaryRowInput, index) => checkRow(row, index, today));
  const rows = checked.flatMap((result) => (result.row ? [result.row] : []));
  const earlier = [...checked.flatMap((result) => result.problems), ...duplicatesInBatch(rows)];
  const holderCpfs = new Set(
    input.rows.filter((row) => row.relationship === Relationship.HOLDER).map((row) => normalizeCpf(row.cpf ?? '')),
  );
  return enrollmentBatches.create(request, {
    operation: 'beneficiaries.enrollBeneficiaries',
    input,
    references: { contract: enrollableContract(input.contractId) },
    rules: (tx, { contract }) => enrollRows(tx, request.identity, settings, contract, { rows, earlier, holderCpfs }),
  });
}
