import type { EntityManager } from '@mikro-orm/postgresql';
import type { Identity } from '@salesgraph/auth';
import { topics, type EventData, type EventEnvelope } from '@salesgraph/events';
import { recordEvent } from '@salesgraph/outbox';
import { findByKeys } from '@salesgraph/orm';
import { setBased, type ProjectionDefinition } from '@salesgraph/projection';
import { Deal } from '../deal/deal.entity.js';
import { DealStage, type PlanType, isClosed, stageRank } from '../deal/deal-stage.js';
import { dealEvent, dealSnapshot, type DealEvent } from '../deal/deal.events.js';
import { SalesOrderDeal } from './sales-order-deal.entity.js';

type Linked = EventData<'company.sales_order_linked'>;
type SalesOrder = Linked['salesOrder'];

const systemName = (order: SalesOrder) => order.sourceSystem[0] + order.sourceSystem.slice(1).toLowerCase();
const titleOf = (order: SalesOrder) =>
  `${order.customer.tradeName ?? order.customer.legalName} — ${systemName(order)} ${order.externalOrderId}`.slice(
    0,
    200,
  );

/** The figures an order sets on its deal. */
const orderFields = (order: SalesOrder) => ({
  title: titleOf(order),
  estimatedValue: order.annualValue,
  estimatedLives: order.totalLives,
  planType: order.planType as PlanType,
  expectedCloseDate: order.expectedCloseDate,
});

/** Forward to the order's stage, never back (a person may have moved the deal on since). */
function moveForward(deal: Deal, identity: Identity, order: SalesOrder): DealEvent | null {
  const stage = order.stage as DealStage;
  if (stageRank(stage) <= stageRank(deal.stage)) return null;
  const from = deal.stage;
  deal.stage = stage;
  deal.probabilityOverride = null;
  deal.stageHistory = [...deal.stageHistory, { from, to: stage, at: new Date(), by: identity.sub }];
  return { type: 'deal.stage_changed', data: { deal: dealSnapshot(deal), from, to: stage } };
}

/** A new deal, created in LEAD as every deal is, then moved to the stage the order implies. */
function createDeal(em: EntityManager, identity: Identity, companyId: string, order: SalesOrder): Deal {
  const deal = em.create(Deal, {
    tenantId: identity.tenant,
    companyId,
    ownerId: identity.sub,
    stage: DealStage.LEAD,
    ...orderFields(order),
    stageHistory: [{ from: null, to: DealStage.LEAD, at: new Date(), by: identity.sub }],
  });
  recordEvent(em, dealEvent(identity, deal, { type: 'deal.created', data: { deal: dealSnapshot(deal) } }));
  const moved = moveForward(deal, identity, order);
  if (moved) recordEvent(em, dealEvent(identity, deal, moved));
  return deal;
}

/** A later revision of the order: its figures replace the deal's, its stage moves it forward. A closed deal is left as it is. */
function reviseDeal(em: EntityManager, identity: Identity, deal: Deal, order: SalesOrder): void {
  if (isClosed(deal.stage)) return;
  const events: DealEvent[] = [];
  const changed = Object.entries(orderFields(order)).filter(([key, value]) => deal[key as keyof Deal] !== value);
  if (changed.length > 0) {
    Object.assign(deal, Object.fromEntries(changed));
    events.push({ type: 'deal.updated', data: { deal: dealSnapshot(deal), changed: changed.map(([key]) => key) } });
  }
  const moved = moveForward(deal, identity, order);
  if (moved) events.push(moved);
  for (const event of events) recordEvent(em, dealEvent(identity, deal, event));
}

/**
 * A run of one tenant's `company.sales_order_linked` events: a new order creates its deal (LEAD,
 * then the stage it implies; owned by `intake:<system>`), a higher revision revises it, an equal or
 * lower one changes nothing. In the projection's transaction, with the deal events.
 */
async function applyOrders(em: EntityManager, events: readonly EventEnvelope[]): Promise<void> {
  const tenant = events[0]!.tenantId;
  const linked = events.map((event) => event.data as Linked);
  const links = await findByKeys(em, SalesOrderDeal, {
    properties: ['salesOrderId'],
    keys: linked.map(({ salesOrder }) => [salesOrder.id]),
  });
  const linkByOrder = new Map(links.map((link) => [link.salesOrderId, link]));
  const deals = await findByKeys(em, Deal, { properties: ['id'], keys: links.map((link) => [link.dealId]) });
  const dealById = new Map(deals.map((deal) => [deal.id, deal]));
  const newLinks: SalesOrderDeal[] = [];
  for (const { companyId, salesOrder } of linked) {
    const identity = { sub: `intake:${salesOrder.sourceSystem.toLowerCase()}`, tenant, roles: [], scopes: [] };
    const link = linkByOrder.get(salesOrder.id);
    if (!link) {
      const deal = createDeal(em, identity, companyId, salesOrder);
      dealById.set(deal.id, deal);
      const created = new SalesOrderDeal();
      Object.assign(created, {
        salesOrderId: salesOrder.id,
        tenantId: tenant,
        dealId: deal.id,
        revision: salesOrder.revision,
      });
      linkByOrder.set(salesOrder.id, created);
      newLinks.push(created);
      continue;
    }
    if (salesOrder.revision <= link.revision) continue;
    link.revision = salesOrder.revision;
    const deal = dealById.get(link.dealId);
    if (deal) reviseDeal(em, identity, deal, salesOrder);
  }
  // The deals first: the links reference them.
  await em.flush();
  em.persist(newLinks);
}

/** `deals.sales-order-deals`: accounts' `company.sales_order_linked` -> one deal per sales order. */
export const salesOrderDealsProjection: ProjectionDefinition = {
  name: 'deals.sales-order-deals',
  topics: [topics.company],
  handlers: { 'company.sales_order_linked': setBased(applyOrders) },
  notRebuildable: 'it creates deals and records deal events: replaying the orders would announce them again',
};
