import { canSeePersonalData, type Identity } from '@salesgraph/auth';
import { maskCpf } from './cpf.js';

/**
 * Personal data by role (LGPD): OPERATIONS, LEGAL_COUNSEL and SYSTEM_ADMIN see CPF and birth
 * date in clear; everyone else gets the CPF as `***.456.789-**` and no birth date (null).
 * The Beneficiary field resolvers call these, so every path (queries, `_entities`, mutation
 * results, Contract.beneficiaries) is masked the same way.
 */
export function presentCpf(identity: Identity, cpf: string | null): string | null {
  if (cpf === null) return null;
  return canSeePersonalData(identity) ? cpf : maskCpf(cpf);
}

export function presentBirthDate(identity: Identity, birthDate: string | null): string | null {
  return canSeePersonalData(identity) ? birthDate : null;
}

export const isPersonalDataMasked = (identity: Identity): boolean => !canSeePersonalData(identity);
