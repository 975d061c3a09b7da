import type { EntityManager } from '@mikro-orm/postgresql';
import { badInput } from '@salesgraph/errors';
import type { Identity } from '@salesgraph/auth';
import { decodeCursor, toConnection } from '@salesgraph/subgraph';
import { AccountSummary } from '../account-summary/account-summary.entity.js';
import { Deal } from './deal.entity.js';
import type { CreateDealInput, DealFilter } from './deal.inputs.js';
import { DealProblemReason, dealProblem, type DealResult } from './deal.results.js';
import { DealStage } from './deal-stage.js';
import { dealVisibility } from './deal.access.js';
import { dealSnapshot, recordDealEvent } from './deal.events.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function createDeal(em: EntityManager, identity: Identity, input: CreateDealInput): Promise<DealResult> {
  if (!UUID.test(input.companyId)) throw badInput('companyId', 'must be a company id (uuid)');
  const title = input.title?.trim();
  if (!title) throw badInput('title', 'must not be empty');
  if (title.length > 200) throw badInput('title', 'must be at most 200 characters');
  if (input.estimatedValue.startsWith('-')) throw badInput('estimatedValue', 'must not be negative');
  if (!Number.isInteger(input.estimatedLives) || input.estimatedLives < 1 || input.estimatedLives > 1_000_000) {
    throw badInput('estimatedLives', 'must be a whole number from 1 to 1,000,000');
  }
  return em.transactional(async (tx) => {
    const summary = await tx.findOne(AccountSummary, { id: input.companyId });
    if (summary?.erased) return dealProblem(DealProblemReason.COMPANY_ERASED, 'The company was erased');
    const now = new Date();
    const deal = tx.create(Deal, {
      tenantId: identity.tenant,
      companyId: input.companyId,
      ownerId: input.ownerId?.trim() || identity.sub,
      title,
      stage: DealStage.LEAD,
      estimatedValue: input.estimatedValue,
      estimatedLives: input.estimatedLives,
      planType: input.planType ?? null,
      expectedCloseDate: input.expectedCloseDate ?? null,
      stageHistory: [{ from: null, to: DealStage.LEAD, at: now, by: identity.sub }],
    });
    const eventId = recordDealEvent(tx, identity, deal, 'deal.created', 1, { deal: dealSnapshot(deal) });
    await tx.flush();
    return { deal, problem: null, eventId };
  });
}

export async function findDeals(em: EntityManager, identity: Identity, filter: DealFilter | null | undefined, first: number, after?: string | null) {
  const cursor = decodeCursor(after);
  const where: Record<string, unknown> = { ...dealVisibility(identity) };
  const and: Record<string, unknown>[] = [];
  if (filter?.companyId) where['companyId'] = filter.companyId;
  if (filter?.stages?.length) where['stage'] = { $in: filter.stages };
  if (filter?.ownerId) and.push({ ownerId: filter.ownerId });
  if (filter?.companyName) {
    const pattern = `%${filter.companyName.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const companies = await em.find(AccountSummary, { $or: [{ legalName: { $ilike: pattern } }, { tradeName: { $ilike: pattern } }] }, { fields: ['id'] });
    and.push({ companyId: { $in: companies.map((company) => company.id) } });
  }
  if (cursor) {
    const [createdAt, id] = cursor.split('|');
    and.push({ $or: [{ createdAt: { $gt: new Date(createdAt!) } }, { createdAt: new Date(createdAt!), id: { $gt: id } }] });
  }
  if (and.length) where['$and'] = and;
  const rows = await em.find(Deal, where, { orderBy: { createdAt: 'asc', id: 'asc' }, limit: first + 1 });
  return toConnection(rows, first, (deal) => `${deal.createdAt.toISOString()}|${deal.id}`);
}

/** Loads many deals in one statement, in the order of `ids`; invisible or absent -> null. */
export async function dealsByIds(em: EntityManager, identity: Identity, ids: readonly string[]): Promise<(Deal | null)[]> {
  const valid = [...new Set(ids)].filter((id) => UUID.test(id));
  const rows = valid.length ? await em.find(Deal, { id: { $in: valid }, ...dealVisibility(identity) }) : [];
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id) ?? null);
}
