import type { EntityManager } from '@mikro-orm/postgresql';
import { topics, type EventData, type EventEnvelope } from '@salesgraph/events';
import { findByKeys, keyedLateral } from '@salesgraph/orm';
import { setBased, type ProjectionDefinition } from '@salesgraph/projection';
import { Company, type SalesChannel, type SourceSystem, segmentFor } from '../company/company.entity.js';
import { recordEvent } from '@salesgraph/outbox';
import { companyEvent } from '../company/company.events.js';
import { CompanyOrigin } from './company-origin.entity.js';
import { recordSalesOrderLinked } from './company-origin.events.js';

type SalesOrder = EventData<'sales_order.received'>['salesOrder'];

const originKey = (companyId: string, system: string, externalId: string, channel: string) =>
  [companyId, system, externalId, channel].join('\u0000');

const intakeIdentity = (tenant: string, order: SalesOrder) => ({
  sub: `intake:${order.sourceSystem.toLowerCase()}`,
  tenant,
  roles: [],
  scopes: [],
});

/**
 * The companies of a run of orders, locked (a concurrent updateCompany then fails as
 * STALE_VERSION instead of interleaving its version with ours); the missing ones created from
 * the order — its system and customer id as the company's origin unless another company holds
 * that pair already — with `company.created`.
 */
async function companiesFor(em: EntityManager, tenantId: string, orders: readonly SalesOrder[]) {
  const cnpjs = [...new Set(orders.map((order) => order.customer.cnpj))];
  const found = await findByKeys(em, Company, { properties: ['cnpj'], keys: cnpjs.map((cnpj) => [cnpj]), lock: true });
  const byCnpj = new Map(found.map((company) => [company.cnpj, company]));
  const missing = orders.filter((order, index, all) => {
    const first = all.findIndex((other) => other.customer.cnpj === order.customer.cnpj) === index;
    return first && !byCnpj.has(order.customer.cnpj);
  });
  if (missing.length === 0) return byCnpj;
  const taken = await findByKeys(em, Company, {
    properties: ['sourceSystem', 'externalId'],
    keys: missing.map((order) => [order.sourceSystem, order.customer.externalCustomerId] as const),
  });
  const takenKeys = new Set(taken.map((company) => `${company.sourceSystem}\u0000${company.externalId}`));
  for (const order of missing) {
    const originId = `${order.sourceSystem}\u0000${order.customer.externalCustomerId}`;
    const employeeCount = order.customer.employeeCount ?? order.totalLives;
    const company = em.create(Company, {
      tenantId,
      legalName: order.customer.legalName,
      tradeName: order.customer.tradeName,
      cnpj: order.customer.cnpj,
      employeeCount,
      segment: segmentFor(employeeCount),
      ownerId: `intake:${order.sourceSystem.toLowerCase()}`,
      sourceSystem: order.sourceSystem as SourceSystem,
      externalId: takenKeys.has(originId) ? null : order.customer.externalCustomerId,
      salesChannel: order.channel as SalesChannel,
      countryCode: order.countryCode,
      businessUnit: order.businessUnit,
      storeCode: order.storeCode,
    });
    takenKeys.add(originId);
    byCnpj.set(company.cnpj, company);
    recordEvent(em, companyEvent(intakeIdentity(tenantId, order), company, 'company.created', 1));
  }
  return byCnpj;
}

/**
 * A run of one tenant's sales-order events: each order's company upserted by CNPJ, its origin
 * (system, customer id, channel) added when new, and `company.sales_order_linked` recorded for
 * deals — all in the projection's transaction, with its inbox. The data the company already
 * has is kept (the graph's record wins over the order's). Each linked event is a new version
 * of the company, so the company's `version` is advanced by the events recorded here.
 */
async function linkOrders(em: EntityManager, events: readonly EventEnvelope[]): Promise<void> {
  const tenantId = events[0]!.tenantId;
  const orders = events.map((event) => (event.data as EventData<'sales_order.received'>).salesOrder);
  const byCnpj = await companiesFor(em, tenantId, orders);
  await em.flush();
  const ids = [...new Set([...byCnpj.values()].map((company) => company.id))];
  const origins = await findByKeys(em, CompanyOrigin, { properties: ['companyId'], keys: ids.map((id) => [id]) });
  const known = new Set(origins.map((o) => originKey(o.companyId, o.sourceSystem, o.externalId, o.salesChannel)));
  const versions = new Map([...byCnpj.values()].map((company) => [company.id, company.version]));
  for (const order of orders) {
    const company = byCnpj.get(order.customer.cnpj)!;
    const key = originKey(company.id, order.sourceSystem, order.customer.externalCustomerId, order.channel);
    const originAdded = !known.has(key);
    if (originAdded) {
      known.add(key);
      em.create(CompanyOrigin, {
        tenantId,
        companyId: company.id,
        sourceSystem: order.sourceSystem as SourceSystem,
        externalId: order.customer.externalCustomerId,
        salesChannel: order.channel as SalesChannel,
        countryCode: order.countryCode,
        businessUnit: order.businessUnit,
        storeCode: order.storeCode,
        firstOrderId: order.externalOrderId,
      });
    }
    const version = versions.get(company.id)! + 1;
    versions.set(company.id, version);
    recordSalesOrderLinked(em, tenantId, company.id, version, order, originAdded);
  }
  await em.flush();
  // Each company found by its primary key (keyedLateral; the tenant checked on the row found) and
  // updated by its row address: a join on id is planned from guesses on an unanalyzed table, and
  // read every row of the tenant.
  await em.execute(
    `update "accounts"."company" c set version = advanced.version, updated_at = now()
       from (select found.ctid as address, key.k1 as version ${keyedLateral(
         [{ column: 'id', type: 'uuid' }, { type: 'int' }],
         'select ctid, tenant_id from "accounts"."company"',
       )} where found.tenant_id = ?) as advanced
      where c.ctid = advanced.address`,
    [ids, ids.map((id) => versions.get(id)!), tenantId],
  );
}

/**
 * `accounts.sales-order-companies`: the intake's sales-order events -> companies upserted by CNPJ
 * with their origins, and `company.sales_order_linked` for the deals subgraph.
 */
export const salesOrderCompaniesProjection: ProjectionDefinition = {
  name: 'accounts.sales-order-companies',
  topics: [topics.salesOrder],
  handlers: (() => {
    const handler = setBased(linkOrders);
    return { 'sales_order.received': handler, 'sales_order.revised': handler };
  })(),
  notRebuildable: 'it creates companies and records company events: replaying the orders would announce them again',
};
