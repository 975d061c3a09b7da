import { z } from 'zod';
import type { OrderStage, SalesChannel, SalesSystemAdapter, Transformed } from '../adapter.js';
import { cnpjDigits, mapLines, shapeProblems } from '../order-rules.js';
import { tempoProductPlans } from './tempo.products.js';

/** Tempo sales channels. */
const channels: Readonly<Record<string, SalesChannel>> = {
  store: 'STORE',
  web: 'WEB',
  phone: 'CALL_CENTER',
  mobile_app: 'MOBILE',
  partner: 'PARTNER',
};

/** Tempo order statuses -> the stage the deal starts in (or moves forward to). */
const statuses: Readonly<Record<string, OrderStage>> = {
  open: 'LEAD',
  qualified: 'QUALIFICATION',
  quoting: 'DISCOVERY',
};

/** The order Tempo publishes (examples/tempo-order.json). */
export const tempoOrderSchema = z.object({
  orderId: z.string().regex(/^TMP-[0-9A-Z]{6,20}$/, 'must look like TMP-7F3A9C01'),
  revision: z.number().int().nonnegative(),
  status: z.enum(Object.keys(statuses) as [string, ...string[]]),
  salesChannel: z.enum(Object.keys(channels) as [string, ...string[]]),
  org: z.object({
    country: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166 alpha-2 code'),
    businessUnit: z.string().min(1).max(64).nullable().optional(),
    storeId: z.string().min(1).max(64).nullable().optional(),
  }),
  account: z.object({
    id: z.string().min(1).max(128),
    taxId: z.string().min(1),
    legalName: z.string().trim().min(1).max(200),
    displayName: z.string().trim().max(200).nullable().optional(),
    headcount: z.number().int().nonnegative().nullable().optional(),
  }),
  lines: z
    .array(
      z.object({
        sku: z.string().min(1).max(64),
        members: z.number().int().positive(),
        pricePerMemberCents: z.number().int().nonnegative(),
      }),
    )
    .min(1, 'must list at least one line'),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
  expectedCloseOn: z.iso.date().nullable().optional(),
  agent: z.object({ id: z.string(), team: z.string().nullable().optional() }).nullable().optional(),
});

function transform(payload: unknown): Transformed {
  const parsed = tempoOrderSchema.safeParse(payload);
  if (!parsed.success) return { ok: false, problems: shapeProblems(parsed.error) };
  const order = parsed.data;
  const problems: string[] = [];
  const cnpj = cnpjDigits(order.account.taxId);
  if (!cnpj) problems.push('account.taxId: not a valid CNPJ (14 digits with check digits)');
  const lines = mapLines(
    'TEMPO',
    order.lines.map((line) => ({ code: line.sku, lives: line.members, monthlyCentsPerLife: line.pricePerMemberCents })),
    tempoProductPlans,
    (index) => `lines.${index}.sku`,
  );
  problems.push(...lines.problems);
  if (problems.length > 0 || !cnpj) return { ok: false, problems };
  return {
    ok: true,
    order: {
      sourceSystem: 'TEMPO',
      externalOrderId: order.orderId,
      revision: order.revision,
      channel: channels[order.salesChannel]!,
      customer: {
        cnpj,
        legalName: order.account.legalName,
        tradeName: order.account.displayName?.trim() || null,
        externalCustomerId: order.account.id,
        employeeCount: order.account.headcount ?? null,
      },
      storeCode: order.org.storeId ?? null,
      businessUnit: order.org.businessUnit ?? null,
      countryCode: order.org.country,
      products: lines.products,
      planType: lines.planType,
      totalLives: lines.totalLives,
      annualValue: lines.annualValue,
      stage: statuses[order.status]!,
      placedAt: order.createdAt,
      sourceUpdatedAt: order.updatedAt,
      expectedCloseDate: order.expectedCloseOn ?? null,
      metadata: {
        status: order.status,
        salesChannel: order.salesChannel,
        agentId: order.agent?.id ?? null,
        agentTeam: order.agent?.team ?? null,
      },
    },
  };
}

/** Tempo: the web, mobile and partner platform (English names, amounts in cents). */
export const tempoAdapter: SalesSystemAdapter = {
  system: 'TEMPO',
  slug: 'tempo',
  payloadSchema: tempoOrderSchema,
  productPlans: tempoProductPlans,
  transform,
};
