import { z } from 'zod';
import { money } from './money.js';

export const planTypes = [
  'AMBULATORIAL',
  'HOSPITALAR',
  'HOSPITALAR_OBSTETRICIA',
  'REFERENCIA',
  'ODONTOLOGICO',
] as const;
export const contractStatuses = [
  'DRAFT',
  'PENDING_APPROVAL',
  'APPROVED',
  'REJECTED',
  'SENT_FOR_SIGNATURE',
  'SIGNED',
  'ACTIVE',
  'SUSPENDED',
  'TERMINATED',
] as const;
export const approvalLevels = ['AUTO', 'SALES_MANAGER', 'COMMERCIAL_DIRECTOR', 'CEO_BOARD'] as const;

export const contractSnapshot = z.object({
  id: z.uuid(),
  number: z.string().regex(/^CT-\d{4}-\d{6}$/),
  companyId: z.uuid(),
  dealId: z.uuid(),
  planType: z.enum(planTypes),
  monthlyPremiumPerLife: money,
  contractedLives: z.number().int().positive(),
  discountPercent: z.string().regex(/^\d{1,2}(\.\d{1,2})?$/),
  monthlyValue: money,
  annualValue: money,
  startDate: z.iso.date(),
  endDate: z.iso.date(),
  status: z.enum(contractStatuses),
  approvalLevel: z.enum(approvalLevels),
});

const withContract = z.object({ contract: contractSnapshot });

export const schemas = {
  'contract.drafted': withContract,
  'contract.submitted': withContract,
  /** Asks workflows for an APPROVAL task at `approvalLevel`. */
  'contract.approval_requested': withContract.extend({ approvalLevel: z.enum(approvalLevels) }),
  'contract.approved': withContract.extend({ approvedBy: z.string().nullable() }),
  'contract.rejected': withContract.extend({ reason: z.string() }),
  'contract.sent_for_signature': withContract.extend({ provider: z.string(), envelopeId: z.string() }),
  'contract.signed': withContract.extend({ signedAt: z.iso.datetime({ offset: true }) }),
  'contract.activated': withContract,
  'contract.suspended': withContract.extend({ reason: z.string().nullable() }),
  'contract.terminated': withContract.extend({ reason: z.string().nullable() }),
} as const;
