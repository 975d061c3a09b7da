import { z } from 'zod';
import { money } from './money.js';

export const dealStages = [
  'LEAD',
  'QUALIFICATION',
  'DISCOVERY',
  'PROPOSAL',
  'NEGOTIATION',
  'CLOSED_WON',
  'CLOSED_LOST',
] as const;
const stage = z.enum(dealStages);

export const dealSnapshot = z.object({
  id: z.uuid(),
  companyId: z.uuid(),
  ownerId: z.string(),
  title: z.string(),
  stage,
  estimatedValue: money,
  estimatedLives: z.number().int().nonnegative(),
  probability: z.number().int().min(0).max(100),
  expectedCloseDate: z.iso.date().nullable(),
});

const stageTotals = z.object({ stage, count: z.number().int().nonnegative(), totalValue: money, weightedValue: money });

export const schemas = {
  'deal.created': z.object({ deal: dealSnapshot }),
  'deal.updated': z.object({ deal: dealSnapshot, changed: z.array(z.string()) }),
  'deal.stage_changed': z.object({ deal: dealSnapshot, from: stage, to: stage }),
  'deal.won': z.object({ deal: dealSnapshot }),
  'deal.lost': z.object({ deal: dealSnapshot, lostReason: z.string() }),
  'deal.reopened': z.object({ deal: dealSnapshot, from: stage }),
  /** aggregateType `pipeline`, aggregateId = uuid v5 of the tenant id (one pipeline per tenant). */
  'pipeline.summary_changed': z.object({
    stages: z.array(stageTotals),
    totals: z.object({ count: z.number().int().nonnegative(), totalValue: money, weightedValue: money }),
  }),
} as const;
