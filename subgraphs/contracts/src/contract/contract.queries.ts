import type { EntityManager } from '@mikro-orm/postgresql';
import type { Identity } from '@salesgraph/auth';
import { decodeCursor, toConnection } from '@salesgraph/subgraph';
import { Contract } from './contract.entity.js';
import type { ContractFilter } from './contract.inputs.js';
import { contractVisibility } from './contract.access.js';
import { isUuid, requireUuid } from '@salesgraph/write';

/** Contracts are listed oldest first; the cursor is the (createdAt, id) sort key. */
export const contractCursor = (contract: Contract): string => `${contract.createdAt.toISOString()}|${contract.id}`;

export async function findContracts(
  em: EntityManager,
  identity: Identity,
  filter: ContractFilter | null | undefined,
  first: number,
  after?: string | null,
) {
  const cursor = decodeCursor(after);
  const where: Record<string, unknown> = { ...contractVisibility(em, identity) };
  if (filter?.statuses?.length) where['status'] = { $in: filter.statuses };
  if (filter?.approvalLevels?.length) where['approvalLevel'] = { $in: filter.approvalLevels };
  if (filter?.companyId) where['companyId'] = requireUuid('filter.companyId', filter.companyId);
  if (filter?.dealId) where['dealId'] = requireUuid('filter.dealId', filter.dealId);
  if (filter?.number) where['number'] = filter.number.trim().toUpperCase();
  if (cursor) {
    const [createdAt, id] = cursor.split('|');
    where['$and'] = [
      { $or: [{ createdAt: { $gt: new Date(createdAt!) } }, { createdAt: new Date(createdAt!), id: { $gt: id } }] },
    ];
  }
  const rows = await em.find(Contract, where, { orderBy: { createdAt: 'asc', id: 'asc' }, limit: first + 1 });
  return toConnection(rows, first, contractCursor);
}

/** Many contracts in one statement, in the order of `ids`; invisible, absent or malformed -> null. */
export async function contractsByIds(
  em: EntityManager,
  identity: Identity,
  ids: readonly string[],
): Promise<(Contract | null)[]> {
  const valid = [...new Set(ids.filter(isUuid).map((id) => id.toLowerCase()))];
  const rows = valid.length ? await em.find(Contract, { id: { $in: valid }, ...contractVisibility(em, identity) }) : [];
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id.toLowerCase()) ?? null);
}

/**
 * Every visible contract of many companies (or deals) in one statement, grouped by parent
 * in the order of `parentIds`, oldest first. A company has tens of contracts, not thousands,
 * so each parent's page is cut from its group in memory.
 */
export async function contractsByParent(
  em: EntityManager,
  identity: Identity,
  key: 'companyId' | 'dealId',
  parentIds: readonly string[],
): Promise<Contract[][]> {
  const valid = [...new Set(parentIds.filter(isUuid).map((id) => id.toLowerCase()))];
  const rows = valid.length
    ? await em.find(
        Contract,
        { [key]: { $in: valid }, ...contractVisibility(em, identity) },
        { orderBy: { createdAt: 'asc', id: 'asc' } },
      )
    : [];
  const groups = new Map<string, Contract[]>();
  for (const row of rows) {
    const group = groups.get(row[key]) ?? [];
    group.push(row);
    groups.set(row[key], group);
  }
  return parentIds.map((id) => groups.get(id.toLowerCase()) ?? []);
}

/** One page of a parent's contracts (already in cursor order), as a Relay connection. */
export function pageOf(contracts: readonly Contract[], first: number, after?: string | null) {
  const cursor = decodeCursor(after);
  const rest = cursor ? contracts.filter((contract) => contractCursor(contract) > cursor) : contracts;
  return toConnection(rest.slice(0, first + 1), first, contractCursor);
}
