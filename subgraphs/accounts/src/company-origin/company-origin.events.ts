import type { EntityManager } from '@mikro-orm/postgresql';
import { createEvent, type EventData } from '@salesgraph/events';
import { recordEvent } from '@salesgraph/outbox';

type SalesOrder = EventData<'company.sales_order_linked'>['salesOrder'];

/** Records `company.sales_order_linked` for the company at `aggregateVersion` (the outbox of this transaction). */
export function recordSalesOrderLinked(
  em: EntityManager,
  tenantId: string,
  companyId: string,
  aggregateVersion: number,
  salesOrder: SalesOrder,
  originAdded: boolean,
): string {
  const event = createEvent({
    eventType: 'company.sales_order_linked',
    tenantId,
    aggregateType: 'company',
    aggregateId: companyId,
    aggregateVersion,
    source: 'accounts',
    actor: `intake:${salesOrder.sourceSystem.toLowerCase()}`,
    data: { companyId, salesOrder, originAdded },
  });
  recordEvent(em, event);
  return event.eventId;
}
