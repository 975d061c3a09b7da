import { z } from 'zod';
import { salesOrderSnapshot } from './intake.js';

export const companySnapshot = z.object({
  id: z.uuid(),
  legalName: z.string(),
  tradeName: z.string().nullable(),
  cnpj: z.string().regex(/^\d{14}$/),
  industry: z.string().nullable(),
  employeeCount: z.number().int().nonnegative(),
  segment: z.enum(['SMB', 'MID', 'ENTERPRISE']),
  ownerId: z.string(),
  parentId: z.uuid().nullable(),
});

/**
 * What other subgraphs may know of a contact: ids and the MEDDIC role. A contact is a person, so
 * nothing personal travels (LGPD: an erasure could never reach copies on Kafka). `name` is
 * deprecated and optional: accounts no longer sends it; consumers must not expect it.
 */
export const contactSnapshot = z.object({
  id: z.uuid(),
  companyId: z.uuid(),
  name: z.string().optional(),
  meddicRole: z.enum(['ECONOMIC_BUYER', 'CHAMPION', 'DECISION_MAKER', 'INFLUENCER', 'USER']).nullable(),
});

export const schemas = {
  'company.created': z.object({ company: companySnapshot }),
  'company.updated': z.object({ company: companySnapshot, changed: z.array(z.string()) }),
  'company.erased': z.object({ companyId: z.uuid() }),
  'contact.created': z.object({ contact: contactSnapshot }),
  'contact.updated': z.object({ contact: contactSnapshot, changed: z.array(z.string()) }),
  /**
   * The company of a sales order (found by CNPJ, or created for it), with the order as the intake
   * sent it: deals creates or updates the order's deal from this. `originAdded`: the order's
   * system and customer id were new on the company.
   */
  'company.sales_order_linked': z.object({
    companyId: z.uuid(),
    salesOrder: salesOrderSnapshot,
    originAdded: z.boolean(),
  }),
  'contact.erased': z.object({ contactId: z.uuid(), companyId: z.uuid() }),
} as const;
