import type { Role } from '@salesgraph/auth';

/** Who may enrol, correct and remove beneficiaries. */
export const ENROLMENT_ROLES: readonly Role[] = [
  'SALES_REP',
  'SALES_MANAGER',
  'CUSTOMER_SUCCESS',
  'OPERATIONS',
  'SYSTEM_ADMIN',
];
/** Who may read the ANS XML of a contract (it carries CPFs, names and birth dates in clear). */
export const ANS_BATCH_READERS: readonly Role[] = ['OPERATIONS', 'LEGAL_COUNSEL', 'SYSTEM_ADMIN'];
/** Who submits batches to ANS and records its answers. */
export const ANS_OPERATORS: readonly Role[] = ['OPERATIONS', 'SYSTEM_ADMIN'];
/** Who may export everything held about a CPF (LGPD access request). */
export const DATA_EXPORT_ROLES: readonly Role[] = ['OPERATIONS', 'LEGAL_COUNSEL', 'SYSTEM_ADMIN'];
/** Who may erase (anonymise) a person (LGPD erasure request). */
export const ERASURE_ROLES: readonly Role[] = ['LEGAL_COUNSEL', 'SYSTEM_ADMIN'];
