import type { EntityManager } from '@mikro-orm/postgresql';
import type { Identity } from '@salesgraph/auth';
import { badInput } from '@salesgraph/errors';
import { tenantOf } from '@salesgraph/orm';
import { decodeCursor, toConnection } from '@salesgraph/subgraph';
import { segmentRank } from '../account-summary/segment.js';
import { Deal } from './deal.entity.js';
import { DealOrderDirection, DealOrderField, type DealFilter, type DealOrder } from './deal.inputs.js';
import type { DealConnection } from './deal.results.js';
import { dealVisibility } from './deal.access.js';
import { distinctUuids, isUuid } from '@salesgraph/write';

/*
 * Deal lists are raw SQL because they need what the ORM's find() cannot say in one statement: a
 * join with the AccountSummary projection for filtering/sorting, keyset cursors over computed
 * keys, and a per-company window. The tenant is never taken from input: every statement binds
 * `tenantOf(em)`, the tenant of the request's unit of work (it throws when there is none), and
 * the account_summary join also matches the deal's tenant.
 */

interface SortKey {
  readonly sql: string;
  /** Cast applied to the cursor's value when comparing. */
  readonly cast: string;
}

const createdKeys: readonly SortKey[] = [
  { sql: 'd.created_at', cast: 'timestamptz' },
  { sql: 'd.id', cast: 'uuid' },
];
const nameKey: SortKey = { sql: `lower(coalesce(s.legal_name, ''))`, cast: 'text' };
const segmentKey: SortKey = {
  sql: `case s.segment ${Object.entries(segmentRank)
    .map(([segment, rank]) => `when '${segment}' then ${rank}`)
    .join(' ')} else 9 end`,
  cast: 'int',
};

const sortKeys: Readonly<Record<DealOrderField, readonly SortKey[]>> = {
  CREATED_AT: createdKeys,
  COMPANY_NAME: [nameKey, ...createdKeys],
  SEGMENT: [segmentKey, nameKey, ...createdKeys],
};

type Row = Record<string, unknown>;

/** A deal row plus its sort-key values (selected as k0..kn) -> the entity and its cursor. */
function hydrate(em: EntityManager, row: Row, field: DealOrderField, keyCount: number): { deal: Deal; cursor: string } {
  const keys = Array.from({ length: keyCount }, (_, index) => String(row[`k${index}`]));
  const columns = Object.fromEntries(Object.entries(row).filter(([column]) => !/^k\d+$|^rn$/.test(column)));
  return { deal: em.map(Deal, columns), cursor: JSON.stringify([field, ...keys]) };
}

/** The cursor's key values; it must come from the same ordering. */
function cursorKeys(after: string | null | undefined, field: DealOrderField, keyCount: number): string[] | null {
  const value = decodeCursor(after);
  if (value === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    parsed = null;
  }
  if (
    !Array.isArray(parsed) ||
    parsed[0] !== field ||
    parsed.length !== keyCount + 1 ||
    !parsed.every((part) => typeof part === 'string')
  ) {
    throw badInput('after', 'not a cursor of this ordering');
  }
  return parsed.slice(1);
}

const placeholders = (count: number) => Array.from({ length: count }, () => '?').join(', ');

function edgesOf(page: ReturnType<typeof toConnection<{ deal: Deal; cursor: string }>>): DealConnection {
  return { edges: page.edges.map((edge) => ({ node: edge.node.deal, cursor: edge.cursor })), pageInfo: page.pageInfo };
}

/** `deals(filter, orderBy, first, after)`: one statement, whatever the filter and order. */
export async function findDeals(
  em: EntityManager,
  identity: Identity,
  filter: DealFilter | null | undefined,
  order: DealOrder | null | undefined,
  first: number,
  after?: string | null,
): Promise<DealConnection> {
  const field = order?.field ?? DealOrderField.CREATED_AT;
  const descending = order?.direction === DealOrderDirection.DESC;
  const keys = sortKeys[field];
  const where = ['d.tenant_id = ?'];
  const params: unknown[] = [tenantOf(em)];
  const add = (condition: string, ...values: unknown[]) => {
    where.push(condition);
    params.push(...values);
  };
  const { ownerId: visibleOwner } = dealVisibility(identity);
  if (visibleOwner) add('d.owner_id = ?', visibleOwner);
  if (filter?.companyId)
    add('d.company_id = ?', isUuid(filter.companyId) ? filter.companyId : '00000000-0000-0000-0000-000000000000');
  if (filter?.stages?.length) add(`d.stage in (${placeholders(filter.stages.length)})`, ...filter.stages);
  if (filter?.ownerId) add('d.owner_id = ?', filter.ownerId);
  if (filter?.segment) add('s.segment = ?', filter.segment);
  if (filter?.companyName) {
    const pattern = `%${filter.companyName.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    add('(s.legal_name ilike ? or s.trade_name ilike ?)', pattern, pattern);
  }
  const afterKeys = cursorKeys(after, field, keys.length);
  if (afterKeys)
    add(
      `(${keys.map((key) => key.sql).join(', ')}) ${descending ? '<' : '>'} (${keys.map((key) => `?::${key.cast}`).join(', ')})`,
      ...afterKeys,
    );
  const rows = await em.execute<Row[]>(
    `select d.*, ${keys.map((key, index) => `(${key.sql})::text as k${index}`).join(', ')}
       from deals.deal d
       left join deals.account_summary s on s.id = d.company_id and s.tenant_id = d.tenant_id
      where ${where.join(' and ')}
      order by ${keys.map((key) => `${key.sql} ${descending ? 'desc' : 'asc'}`).join(', ')}
      limit ?`,
    [...params, first + 1],
  );
  return edgesOf(
    toConnection(
      rows.map((row) => hydrate(em, row, field, keys.length)),
      first,
      (row) => row.cursor,
    ),
  );
}

/**
 * `Company.deals` for many companies in ONE statement: each company's first `first` visible
 * deals (oldest first) by a row_number() window partitioned by company.
 */
export async function dealsByCompanies(
  em: EntityManager,
  identity: Identity,
  companyIds: readonly string[],
  first: number,
  after?: string | null,
): Promise<DealConnection[]> {
  const ids = distinctUuids(companyIds);
  if (ids.length === 0) return companyIds.map(() => edgesOf(toConnection([], first, () => '')));
  const where = ['d.tenant_id = ?', `d.company_id in (${placeholders(ids.length)})`];
  const params: unknown[] = [tenantOf(em), ...ids];
  const { ownerId } = dealVisibility(identity);
  if (ownerId) {
    where.push('d.owner_id = ?');
    params.push(ownerId);
  }
  const afterKeys = cursorKeys(after, DealOrderField.CREATED_AT, createdKeys.length);
  if (afterKeys) {
    where.push('(d.created_at, d.id) > (?::timestamptz, ?::uuid)');
    params.push(...afterKeys);
  }
  const rows = await em.execute<Row[]>(
    `select * from (
       select d.*, d.created_at::text as k0, d.id::text as k1,
              row_number() over (partition by d.company_id order by d.created_at, d.id) as rn
         from deals.deal d where ${where.join(' and ')}
     ) ranked where rn <= ? order by company_id, rn`,
    [...params, first + 1],
  );
  const byCompany = new Map<string, { deal: Deal; cursor: string }[]>();
  for (const row of rows) {
    const hydrated = hydrate(em, row, DealOrderField.CREATED_AT, createdKeys.length);
    const list = byCompany.get(hydrated.deal.companyId) ?? [];
    list.push(hydrated);
    byCompany.set(hydrated.deal.companyId, list);
  }
  return companyIds.map((companyId) =>
    edgesOf(toConnection(byCompany.get(companyId) ?? [], first, (row) => row.cursor)),
  );
}

/** Loads many deals in one statement, in the order of `ids`; invisible or absent -> null. */
export async function dealsByIds(
  em: EntityManager,
  identity: Identity,
  ids: readonly string[],
): Promise<(Deal | null)[]> {
  const valid = distinctUuids(ids);
  const rows = valid.length ? await em.find(Deal, { id: { $in: valid }, ...dealVisibility(identity) }) : [];
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id) ?? null);
}
