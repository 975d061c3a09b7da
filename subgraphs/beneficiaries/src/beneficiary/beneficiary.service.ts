import type { EntityManager } from '@mikro-orm/postgresql';
import { canSeePersonalData, type Identity } from '@salesgraph/auth';
import { appError, badInput } from '@salesgraph/errors';
import { decodeCursor, toConnection } from '@salesgraph/subgraph';
import { distinctUuids, isUuid, refuse, type WriteRequest } from '@salesgraph/write';
import { AnsStatus, Beneficiary, Relationship } from './beneficiary.entity.js';
import type {
  BeneficiaryFilter,
  ContractBeneficiariesFilter,
  RemoveBeneficiaryInput,
  UpdateBeneficiaryInput,
} from './beneficiary.inputs.js';
import { BeneficiaryProblemReason, beneficiaryWrites, type BeneficiaryResult } from './beneficiary.results.js';
import { requireBirthDate, requireName } from './beneficiary.validation.js';
import { businessDate } from './beneficiary.dates.js';
import { beneficiaryEvent } from './beneficiary.events.js';
import { isValidCpf, normalizeCpf } from './cpf.js';

export const cursorOf = (beneficiary: Beneficiary): string =>
  `${beneficiary.createdAt.toISOString()}|${beneficiary.id}`;

export function requireCpf(value: string, field = 'cpf'): string {
  const cpf = normalizeCpf(value);
  if (!isValidCpf(cpf)) throw badInput(field, 'must be a valid CPF');
  return cpf;
}

/** Where-conditions shared by `beneficiaries` and `Contract.beneficiaries`. */
export function filterConditions(filter: ContractBeneficiariesFilter | null | undefined): Record<string, unknown> {
  const where: Record<string, unknown> = {};
  if (!filter?.includeRemoved) where['removedAt'] = null;
  if (filter?.relationship) where['relationship'] = filter.relationship;
  if (filter?.ansStatus) where['ansStatus'] = filter.ansStatus;
  return where;
}

export function afterCursor(after: string | null | undefined): Record<string, unknown>[] {
  const cursor = decodeCursor(after);
  if (!cursor) return [];
  const [createdAt, id] = cursor.split('|');
  if (!createdAt || !id || Number.isNaN(Date.parse(createdAt)) || !isUuid(id))
    throw badInput('after', 'not a valid cursor');
  return [{ $or: [{ createdAt: { $gt: new Date(createdAt) } }, { createdAt: new Date(createdAt), id: { $gt: id } }] }];
}

export async function findBeneficiaries(
  em: EntityManager,
  identity: Identity,
  filter: BeneficiaryFilter | null | undefined,
  first: number,
  after?: string | null,
) {
  const where = filterConditions(filter);
  if (filter?.contractId) where['contractId'] = filter.contractId;
  if (filter?.cpf) {
    if (!canSeePersonalData(identity))
      throw appError('FORBIDDEN', 'Only OPERATIONS, LEGAL_COUNSEL and SYSTEM_ADMIN may search by CPF');
    where['cpf'] = requireCpf(filter.cpf);
  }
  const and = afterCursor(after);
  if (and.length) where['$and'] = and;
  const rows = await em.find(Beneficiary, where, { orderBy: { createdAt: 'asc', id: 'asc' }, limit: first + 1 });
  return toConnection(rows, first, cursorOf);
}

/** Loads many beneficiaries in one statement, in the order of `ids` (null where absent). */
export async function beneficiariesByIds(em: EntityManager, ids: readonly string[]): Promise<(Beneficiary | null)[]> {
  const valid = distinctUuids(ids);
  const rows = valid.length ? await em.find(Beneficiary, { id: { $in: valid } }) : [];
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id) ?? null);
}

/** A beneficiary that is still a person here: not erased, not removed. */
function requireChangeable(beneficiary: Beneficiary): void {
  if (beneficiary.erasedAt) refuse(BeneficiaryProblemReason.ALREADY_ERASED, 'The beneficiary was erased');
  if (beneficiary.removedAt) refuse(BeneficiaryProblemReason.ALREADY_REMOVED, 'The beneficiary was removed');
}

/** Corrects name or birth date; a REJECTED beneficiary goes back to PENDING to be resubmitted. */
export function updateBeneficiary(request: WriteRequest, input: UpdateBeneficiaryInput): Promise<BeneficiaryResult> {
  const name = input.name == null ? null : requireName(input.name);
  const birthDate = input.birthDate == null ? null : requireBirthDate(input.birthDate, businessDate(new Date()));
  return beneficiaryWrites.change(request, {
    operation: 'beneficiaries.updateBeneficiary',
    input,
    target: input,
    rules: (_tx, found) => {
      requireChangeable(found);
      const changed: string[] = [];
      if (name !== null && name !== found.name) {
        found.name = name;
        changed.push('name');
      }
      if (birthDate !== null && birthDate !== found.birthDate) {
        found.birthDate = birthDate;
        changed.push('birthDate');
      }
      if (changed.length === 0) return { entity: found, events: [] };
      if (found.ansStatus === AnsStatus.REJECTED) {
        Object.assign(found, {
          ansStatus: AnsStatus.PENDING,
          ansRejectionReason: null,
          ansBatchId: null,
          ansSubmittedAt: null,
        });
        changed.push('ansStatus');
      }
      const updated = beneficiaryEvent(request.identity, found, 'beneficiary.updated', found.version + 1, { changed });
      return { entity: found, events: [updated] };
    },
  });
}

/** Ends coverage: the beneficiary stops counting as an active life; the row stays. */
export function removeBeneficiary(request: WriteRequest, input: RemoveBeneficiaryInput): Promise<BeneficiaryResult> {
  return beneficiaryWrites.change(request, {
    operation: 'beneficiaries.removeBeneficiary',
    input,
    target: input,
    rules: async (tx, found) => {
      requireChangeable(found);
      if (
        found.relationship === Relationship.HOLDER &&
        (await tx.count(Beneficiary, { holderId: found.id, removedAt: null })) > 0
      )
        refuse(BeneficiaryProblemReason.HOLDER_HAS_DEPENDENTS, "Remove the holder's active dependents first");
      found.removedAt = new Date();
      const removed = beneficiaryEvent(request.identity, found, 'beneficiary.removed', found.version + 1, {});
      return { entity: found, events: [removed] };
    },
  });
}
