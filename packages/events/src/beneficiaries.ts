import { z } from 'zod';

export const relationships = ['HOLDER', 'SPOUSE', 'CHILD', 'OTHER_DEPENDENT'] as const;
export const ansStatuses = ['PENDING', 'SUBMITTED', 'REGISTERED', 'REJECTED'] as const;

/**
 * What other subgraphs may know of a beneficiary. No personal data (CPF, name, birth date)
 * ever travels in events (LGPD): consumers get ids, the contract and the ANS state only.
 */
export const beneficiarySnapshot = z.object({
  id: z.uuid(),
  contractId: z.uuid(),
  companyId: z.uuid(),
  relationship: z.enum(relationships),
  holderId: z.uuid().nullable(),
  inclusionDate: z.iso.date(),
  ansStatus: z.enum(ansStatuses),
  ansDeadline: z.iso.datetime({ offset: true }),
  active: z.boolean(),
});

const withBeneficiary = z.object({ beneficiary: beneficiarySnapshot });

export const schemas = {
  'beneficiary.enrolled': withBeneficiary,
  'beneficiary.updated': withBeneficiary.extend({ changed: z.array(z.string()) }),
  'beneficiary.ans_submitted': withBeneficiary.extend({ batchId: z.string() }),
  'beneficiary.ans_registered': withBeneficiary.extend({ registrationId: z.string() }),
  'beneficiary.ans_rejected': withBeneficiary.extend({ reason: z.string() }),
  'beneficiary.removed': withBeneficiary,
  'beneficiary.erased': withBeneficiary,
} as const;
