import type { EntityManager } from '@mikro-orm/postgresql';
import { decodeCursor, toConnection } from '@salesgraph/subgraph';
import { SalesOrder } from './sales-order.entity.js';
import type { SalesOrderFilter } from './sales-order.inputs.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const cursorOf = (order: SalesOrder) => `${order.createdAt.toISOString()}|${order.id}`;

function whereOf(filter: SalesOrderFilter | null | undefined): Record<string, unknown> {
  const where: Record<string, unknown> = {};
  if (filter?.sourceSystem) where['sourceSystem'] = filter.sourceSystem;
  if (filter?.channel) where['channel'] = filter.channel;
  if (filter?.cnpj) where['customerCnpj'] = filter.cnpj.replace(/\D/g, '');
  if (filter?.externalOrderId) where['externalOrderId'] = filter.externalOrderId;
  return where;
}

/** The tenant's orders, oldest first. */
export async function findSalesOrders(
  em: EntityManager,
  filter: SalesOrderFilter | null | undefined,
  first: number,
  after?: string | null,
) {
  const where = whereOf(filter);
  const cursor = decodeCursor(after);
  if (cursor) {
    const [createdAt, id] = cursor.split('|');
    where['$and'] = [
      { $or: [{ createdAt: { $gt: new Date(createdAt!) } }, { createdAt: new Date(createdAt!), id: { $gt: id } }] },
    ];
  }
  const rows = await em.find(SalesOrder, where, { orderBy: { createdAt: 'asc', id: 'asc' }, limit: first + 1 });
  return toConnection(rows, first, cursorOf);
}

/** The orders of many customers (by CNPJ) in one statement, oldest first, in the order of `cnpjs`. */
export async function salesOrdersByCnpjs(em: EntityManager, cnpjs: readonly string[]): Promise<SalesOrder[][]> {
  const rows = await em.find(
    SalesOrder,
    { customerCnpj: { $in: [...new Set(cnpjs)] } },
    { orderBy: { createdAt: 'asc', id: 'asc' } },
  );
  return cnpjs.map((cnpj) => rows.filter((row) => row.customerCnpj === cnpj));
}

/** Many orders by id in one statement (null where absent). */
export async function salesOrdersByIds(em: EntityManager, ids: readonly string[]): Promise<(SalesOrder | null)[]> {
  const rows = await em.find(SalesOrder, { id: { $in: [...new Set(ids.filter((id) => UUID.test(id)))] } });
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id) ?? null);
}
