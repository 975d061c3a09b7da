import type { EntityManager } from '@mikro-orm/postgresql';
import type { Identity } from '@salesgraph/auth';
import { appError } from '@salesgraph/errors';
import { Beneficiary } from './beneficiary.entity.js';
import type { EraseBeneficiaryInput } from './beneficiary.inputs.js';
import {
  BeneficiaryProblemReason,
  beneficiaryProblem,
  type BeneficiaryDataExport,
  type BeneficiaryResult,
} from './beneficiary.results.js';
import { recordBeneficiaryEvent } from './beneficiary.events.js';
import { requireBeneficiaryId, requireCpf } from './beneficiary.service.js';

export const ERASED_NAME = '(erased)';

/**
 * LGPD erasure: the person's name, CPF and birth date are replaced ("(erased)", null, null);
 * the row stays (contract, relationship, dates, ANS state), so counts and history still add up.
 * Active status is unchanged: erasing data does not end coverage.
 */
export async function eraseBeneficiary(
  em: EntityManager,
  identity: Identity,
  input: EraseBeneficiaryInput,
): Promise<BeneficiaryResult> {
  return em.transactional(async (tx) => {
    const beneficiary = await tx.findOne(Beneficiary, { id: requireBeneficiaryId(input.id) });
    if (!beneficiary) throw appError('NOT_FOUND', 'Beneficiary not found', { field: 'id' });
    if (beneficiary.erasedAt)
      return beneficiaryProblem(BeneficiaryProblemReason.ALREADY_ERASED, 'The beneficiary was already erased');
    const version = beneficiary.version + 1;
    Object.assign(beneficiary, { name: ERASED_NAME, cpf: null, birthDate: null, erasedAt: new Date() });
    const eventId = recordBeneficiaryEvent(tx, identity, beneficiary, 'beneficiary.erased', version, {});
    await tx.flush();
    return { beneficiary, problem: null, eventId };
  });
}

/** LGPD access request: every record of the CPF in the caller's tenant, active or removed. */
export async function beneficiaryDataExport(em: EntityManager, cpfInput: string): Promise<BeneficiaryDataExport> {
  const cpf = requireCpf(cpfInput);
  const records = await em.find(Beneficiary, { cpf }, { orderBy: { includedAt: 'asc', id: 'asc' } });
  return { cpf, exportedAt: new Date(), records };
}
