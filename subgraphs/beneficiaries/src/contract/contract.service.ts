import { raw } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { toConnection } from '@salesgraph/subgraph';
import { Beneficiary } from '../beneficiary/beneficiary.entity.js';
import type { ContractBeneficiariesFilter } from '../beneficiary/beneficiary.inputs.js';
import { afterCursor, cursorOf, filterConditions } from '../beneficiary/beneficiary.service.js';
import { distinctUuids } from '@salesgraph/write';

/** Active lives of many contracts in one statement (tenant filter applied to the query builder). */
export async function activeLivesOf(em: EntityManager, contractIds: readonly string[]): Promise<number[]> {
  const ids = distinctUuids(contractIds);
  if (!ids.length) return contractIds.map(() => 0);
  const qb = em
    .createQueryBuilder(Beneficiary, 'b')
    .select(['b.contractId', raw('count(*)::int as lives')])
    .where({ contractId: { $in: ids }, removedAt: null })
    .groupBy('b.contractId');
  await qb.applyFilters();
  const rows = await qb.execute<{ contractId: string; lives: number }[]>('all', false);
  const lives = new Map(
    rows.map((row) => [row.contractId ?? (row as unknown as { contract_id: string }).contract_id, Number(row.lives)]),
  );
  return contractIds.map((id) => lives.get(id) ?? 0);
}

/**
 * One page of beneficiaries for each of many contracts, in one statement: the tenant-filtered
 * query ranks rows per contract (row_number over contract_id) and the outer query keeps the
 * first `first + 1` of each, so N contracts cost one SQL statement, whatever N is.
 */
export async function beneficiaryPagesOf(
  em: EntityManager,
  contractIds: readonly string[],
  filter: ContractBeneficiariesFilter | null | undefined,
  first: number,
  after?: string | null,
) {
  const ids = distinctUuids(contractIds);
  const byContract = new Map<string, Beneficiary[]>();
  if (ids.length) {
    const and = afterCursor(after);
    const qb = em
      .createQueryBuilder(Beneficiary, 'b')
      .select(['*', raw('row_number() over (partition by b.contract_id order by b.created_at, b.id) as page_rank')])
      .where({ contractId: { $in: ids }, ...filterConditions(filter), ...(and.length ? { $and: and } : {}) });
    await qb.applyFilters();
    const rows = await em.execute<Record<string, unknown>[]>(
      `select * from (${qb.getQuery()}) ranked where ranked.page_rank <= ? order by ranked.created_at, ranked.id`,
      [...qb.getParams(), first + 1],
    );
    for (const row of rows) {
      delete row['page_rank'];
      const beneficiary = em.map(Beneficiary, row);
      byContract.set(beneficiary.contractId, [...(byContract.get(beneficiary.contractId) ?? []), beneficiary]);
    }
  }
  return contractIds.map((id) => toConnection(byContract.get(id) ?? [], first, cursorOf));
}
