import { z } from 'zod';
import { money } from './money.js';
import { planTypes } from './contracts.js';

export { planTypes };

export const salesSystems = ['PYXIS', 'TEMPO'] as const;
export const salesChannels = ['STORE', 'WEB', 'CALL_CENTER', 'MOBILE', 'PARTNER'] as const;
/** The stages an order may imply for its deal; later stages need MEDDIC and contacts, set by people. */
export const orderStages = ['LEAD', 'QUALIFICATION', 'DISCOVERY'] as const;

export const salesOrderProduct = z.object({
  /** The sales system's own product code, as it sent it. */
  code: z.string().min(1),
  planType: z.enum(planTypes),
  lives: z.number().int().positive(),
  monthlyValuePerLife: money,
});

/**
 * A sales order as the intake normalized it: what accounts needs to upsert the company and
 * deals to create or update the order's deal. `revision` is the sales system's own version of
 * the order (higher = later).
 */
export const salesOrderSnapshot = z.object({
  id: z.uuid(),
  sourceSystem: z.enum(salesSystems),
  externalOrderId: z.string().min(1),
  revision: z.number().int().nonnegative(),
  channel: z.enum(salesChannels),
  customer: z.object({
    cnpj: z.string().regex(/^\d{14}$/),
    legalName: z.string().min(1),
    tradeName: z.string().nullable(),
    externalCustomerId: z.string().min(1),
    employeeCount: z.number().int().nonnegative().nullable(),
  }),
  storeCode: z.string().nullable(),
  businessUnit: z.string().nullable(),
  countryCode: z.string().length(2),
  products: z.array(salesOrderProduct).min(1),
  planType: z.enum(planTypes),
  totalLives: z.number().int().positive(),
  annualValue: money,
  stage: z.enum(orderStages),
  placedAt: z.iso.datetime({ offset: true }),
  expectedCloseDate: z.iso.date().nullable(),
});

export const schemas = {
  /** A new order was stored (aggregateType `sales_order`, source `intake`). */
  'sales_order.received': z.object({ salesOrder: salesOrderSnapshot }),
  /** A later revision of a stored order replaced it. */
  'sales_order.revised': z.object({ salesOrder: salesOrderSnapshot, previousRevision: z.number().int() }),
} as const;
