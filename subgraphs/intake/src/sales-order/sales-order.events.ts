import { createEvent, type EventData, type EventEnvelope } from '@salesgraph/events';
import type { NormalizedOrder } from '../adapters/adapter.js';
import type { SalesOrder } from './sales-order.entity.js';

type OrderTerms = Pick<
  NormalizedOrder,
  | 'channel'
  | 'customer'
  | 'storeCode'
  | 'businessUnit'
  | 'countryCode'
  | 'products'
  | 'planType'
  | 'totalLives'
  | 'annualValue'
  | 'stage'
>;

/** The terms of an order, copied: what the stored order, its events and an incoming order share. */
export function orderTerms(order: OrderTerms) {
  return {
    channel: order.channel,
    customer: { ...order.customer },
    storeCode: order.storeCode,
    businessUnit: order.businessUnit,
    countryCode: order.countryCode,
    products: order.products.map((product) => ({ ...product })),
    planType: order.planType,
    totalLives: order.totalLives,
    annualValue: order.annualValue,
    stage: order.stage,
  };
}

export function salesOrderSnapshot(order: SalesOrder): EventData<'sales_order.received'>['salesOrder'] {
  return {
    id: order.id,
    sourceSystem: order.sourceSystem,
    externalOrderId: order.externalOrderId,
    revision: order.revision,
    ...orderTerms(order),
    placedAt: order.placedAt.toISOString(),
    expectedCloseDate: order.expectedCloseDate,
  };
}

/**
 * The envelope of `sales_order.received` (version 1) or `sales_order.revised` (the order's next
 * version), for the write frame (or the consumer's batch) to record with the change.
 */
export function salesOrderEvent(order: SalesOrder, actor: string, previousRevision: number | null): EventEnvelope {
  const salesOrder = salesOrderSnapshot(order);
  const common = {
    tenantId: order.tenantId,
    aggregateType: 'sales_order',
    aggregateId: order.id,
    source: 'intake',
    actor,
  };
  return previousRevision === null
    ? createEvent({ ...common, eventType: 'sales_order.received', aggregateVersion: 1, data: { salesOrder } })
    : createEvent({
        ...common,
        eventType: 'sales_order.revised',
        aggregateVersion: order.version + 1,
        data: { salesOrder, previousRevision },
      });
}
