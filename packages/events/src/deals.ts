import { z } from 'zod';
import { money } from './money.js';

export const dealStages = ['LEAD', 'QUALIFICATION', 'DISCOVERY', 'PROPOSAL', 'NEGOTIATION', 'CLOSED_WON', 'CLOSED_LOST'] as const;

export const dealSnapshot = z.object({
  id: z.uuid(),
  companyId: z.uuid(),
  ownerId: z.string(),
  title: z.string(),
  stage: z.enum(dealStages),
  estimatedValue: money,
  estimatedLives: z.number().int().nonnegative(),
  probability: z.number().int().min(0).max(100),
  expectedCloseDate: z.iso.date().nullable(),
});

export const schemas = {
  'deal.created': z.object({ deal: dealSnapshot }),
  'deal.updated': z.object({ deal: dealSnapshot, changed: z.array(z.string()) }),
  'deal.stage_changed': z.object({ deal: dealSnapshot, from: z.enum(dealStages), to: z.enum(dealStages) }),
  'deal.won': z.object({ deal: dealSnapshot }),
  'deal.lost': z.object({ deal: dealSnapshot, lostReason: z.string() }),
  'deal.reopened': z.object({ deal: dealSnapshot, from: z.enum(dealStages) }),
} as const;
