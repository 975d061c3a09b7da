import type { EntityManager } from '@mikro-orm/postgresql';
import { canSeePersonalData, type Identity } from '@salesgraph/auth';
import { appError, badInput } from '@salesgraph/errors';
import { isStaleVersion } from '@salesgraph/orm';
import { decodeCursor, toConnection } from '@salesgraph/subgraph';
import { AnsStatus, Beneficiary, Relationship } from './beneficiary.entity.js';
import type {
  BeneficiaryFilter,
  ContractBeneficiariesFilter,
  RemoveBeneficiaryInput,
  UpdateBeneficiaryInput,
} from './beneficiary.inputs.js';
import { BeneficiaryProblemReason, beneficiaryProblem, type BeneficiaryResult } from './beneficiary.results.js';
import { requireBirthDate, requireName, UUID } from './beneficiary.validation.js';
import { businessDate } from './beneficiary.dates.js';
import { recordBeneficiaryEvent } from './beneficiary.events.js';
import { isValidCpf, normalizeCpf } from './cpf.js';

export const cursorOf = (beneficiary: Beneficiary): string =>
  `${beneficiary.createdAt.toISOString()}|${beneficiary.id}`;

export function requireBeneficiaryId(id: string, field = 'id'): string {
  if (!UUID.test(id)) throw badInput(field, 'must be a beneficiary id (uuid)');
  return id;
}

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
  if (!createdAt || !id || Number.isNaN(Date.parse(createdAt)) || !UUID.test(id))
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
  const valid = [...new Set(ids)].filter((id) => UUID.test(id));
  const rows = valid.length ? await em.find(Beneficiary, { id: { $in: valid } }) : [];
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id) ?? null);
}

/** Finds the beneficiary to change, or says why it cannot be changed. */
async function changeable(tx: EntityManager, id: string, version: number): Promise<Beneficiary | BeneficiaryResult> {
  const beneficiary = await tx.findOne(Beneficiary, { id: requireBeneficiaryId(id) });
  if (!beneficiary) throw appError('NOT_FOUND', 'Beneficiary not found', { field: 'id' });
  if (beneficiary.erasedAt)
    return beneficiaryProblem(BeneficiaryProblemReason.ALREADY_ERASED, 'The beneficiary was erased');
  if (beneficiary.version !== version)
    return beneficiaryProblem(
      BeneficiaryProblemReason.STALE_VERSION,
      `The beneficiary is at version ${beneficiary.version}; re-read it and retry`,
    );
  if (beneficiary.removedAt)
    return beneficiaryProblem(BeneficiaryProblemReason.ALREADY_REMOVED, 'The beneficiary was removed');
  return beneficiary;
}

const staleAware = async (work: () => Promise<BeneficiaryResult>): Promise<BeneficiaryResult> => {
  try {
    return await work();
  } catch (error) {
    if (isStaleVersion(error))
      return beneficiaryProblem(
        BeneficiaryProblemReason.STALE_VERSION,
        'The beneficiary changed meanwhile; re-read it and retry',
      );
    throw error;
  }
};

/** Corrects name or birth date; a REJECTED beneficiary goes back to PENDING to be resubmitted. */
export async function updateBeneficiary(
  em: EntityManager,
  identity: Identity,
  input: UpdateBeneficiaryInput,
): Promise<BeneficiaryResult> {
  const name = input.name == null ? null : requireName(input.name);
  const birthDate = input.birthDate == null ? null : requireBirthDate(input.birthDate, businessDate(new Date()));
  return staleAware(() =>
    em.transactional(async (tx) => {
      const found = await changeable(tx, input.id, input.version);
      if (!(found instanceof Beneficiary)) return found;
      const changed: string[] = [];
      if (name !== null && name !== found.name) {
        found.name = name;
        changed.push('name');
      }
      if (birthDate !== null && birthDate !== found.birthDate) {
        found.birthDate = birthDate;
        changed.push('birthDate');
      }
      if (changed.length === 0) return { beneficiary: found, problem: null, eventId: null };
      if (found.ansStatus === AnsStatus.REJECTED) {
        Object.assign(found, {
          ansStatus: AnsStatus.PENDING,
          ansRejectionReason: null,
          ansBatchId: null,
          ansSubmittedAt: null,
        });
        changed.push('ansStatus');
      }
      const eventId = recordBeneficiaryEvent(tx, identity, found, 'beneficiary.updated', found.version + 1, {
        changed,
      });
      await tx.flush();
      return { beneficiary: found, problem: null, eventId };
    }),
  );
}

/** Ends coverage: the beneficiary stops counting as an active life; the row stays. */
export async function removeBeneficiary(
  em: EntityManager,
  identity: Identity,
  input: RemoveBeneficiaryInput,
): Promise<BeneficiaryResult> {
  return staleAware(() =>
    em.transactional(async (tx) => {
      const found = await changeable(tx, input.id, input.version);
      if (!(found instanceof Beneficiary)) return found;
      if (
        found.relationship === Relationship.HOLDER &&
        (await tx.count(Beneficiary, { holderId: found.id, removedAt: null })) > 0
      ) {
        return beneficiaryProblem(
          BeneficiaryProblemReason.HOLDER_HAS_DEPENDENTS,
          "Remove the holder's active dependents first",
        );
      }
      found.removedAt = new Date();
      const eventId = recordBeneficiaryEvent(tx, identity, found, 'beneficiary.removed', found.version + 1, {});
      await tx.flush();
      return { beneficiary: found, problem: null, eventId };
    }),
  );
}
