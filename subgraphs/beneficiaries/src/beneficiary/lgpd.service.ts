import type { EntityManager } from '@mikro-orm/postgresql';
import { refuse, type WriteRequest } from '@salesgraph/write';
import { Beneficiary } from './beneficiary.entity.js';
import type { EraseBeneficiaryInput } from './beneficiary.inputs.js';
import {
  BeneficiaryProblemReason,
  beneficiaryWrites,
  type BeneficiaryDataExport,
  type BeneficiaryResult,
} from './beneficiary.results.js';
import { beneficiaryEvent } from './beneficiary.events.js';
import { requireCpf } from './beneficiary.service.js';

export const ERASED_NAME = '(erased)';

/**
 * LGPD erasure: the person's name, CPF and birth date are replaced ("(erased)", null, null);
 * the row stays (contract, relationship, dates, ANS state), so counts and history still add up.
 * Active status is unchanged: erasing data does not end coverage.
 */
export function eraseBeneficiary(request: WriteRequest, input: EraseBeneficiaryInput): Promise<BeneficiaryResult> {
  return beneficiaryWrites.change(request, {
    operation: 'beneficiaries.eraseBeneficiary',
    input,
    target: { id: input.id },
    rules: (_tx, beneficiary) => {
      if (beneficiary.erasedAt) refuse(BeneficiaryProblemReason.ALREADY_ERASED, 'The beneficiary was already erased');
      const version = beneficiary.version + 1;
      Object.assign(beneficiary, { name: ERASED_NAME, cpf: null, birthDate: null, erasedAt: new Date() });
      return {
        entity: beneficiary,
        events: [beneficiaryEvent(request.identity, beneficiary, 'beneficiary.erased', version, {})],
      };
    },
  });
}

/** LGPD access request: every record of the CPF in the caller's tenant, active or removed. */
export async function beneficiaryDataExport(em: EntityManager, cpfInput: string): Promise<BeneficiaryDataExport> {
  const cpf = requireCpf(cpfInput);
  const records = await em.find(Beneficiary, { cpf }, { orderBy: { includedAt: 'asc', id: 'asc' } });
  return { cpf, exportedAt: new Date(), records };
}
