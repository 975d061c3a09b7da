import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventEnvelope } from '@salesgraph/events';
import { recordEvent } from '@salesgraph/outbox';
import { findByKeys, forkForTenant, isUniqueViolation } from '@salesgraph/orm';
import type { NormalizedOrder } from '../adapters/adapter.js';
import { SalesOrder } from './sales-order.entity.js';
import type { IntakeRoute } from './sales-order.enums.js';
import { orderTerms, salesOrderEvent } from './sales-order.events.js';

/** A valid order to store: normalized, with the payload as it came. */
export interface AcceptedOrder {
  readonly order: NormalizedOrder;
  readonly rawPayload: Record<string, unknown>;
  readonly via: IntakeRoute;
  readonly actor: string;
}

/**
 * What became of an order: RECEIVED (new), REVISED (a later revision replaced the stored one),
 * DUPLICATE (this revision is the stored one: nothing changed), OUTDATED (older than the stored
 * revision: ignored).
 */
export type ReceiveOutcome = 'RECEIVED' | 'REVISED' | 'DUPLICATE' | 'OUTDATED';

export interface Received {
  readonly outcome: ReceiveOutcome;
  readonly salesOrder: SalesOrder;
  readonly eventId: string | null;
}

const keyOf = (system: string, externalOrderId: string) => `${system}\u0000${externalOrderId}`;

function fieldsOf(accepted: AcceptedOrder) {
  const { order } = accepted;
  return {
    revision: order.revision,
    customerCnpj: order.customer.cnpj,
    ...orderTerms(order),
    placedAt: new Date(order.placedAt),
    sourceUpdatedAt: new Date(order.sourceUpdatedAt),
    expectedCloseDate: order.expectedCloseDate,
    receivedVia: accepted.via,
    rawPayload: accepted.rawPayload,
    metadata: { ...order.metadata },
  };
}

/** What one order does to the stored one (`current`, null when new): the rule of every path. */
export interface AppliedOrder {
  readonly outcome: ReceiveOutcome;
  readonly salesOrder: SalesOrder;
  /** The event to record; null for DUPLICATE and OUTDATED, which change nothing. */
  readonly event: EventEnvelope | null;
}

/**
 * The intake's rule: a new order is created (RECEIVED), a higher revision replaces the stored one
 * (REVISED), the same revision is a DUPLICATE and a lower one OUTDATED (nothing changes). Used by
 * the Kafka batch (receiveOrders) and by the write frame of the HTTP push (receivePushedOrder).
 */
export function applyOrder(
  tx: EntityManager,
  tenantId: string,
  current: SalesOrder | null,
  accepted: AcceptedOrder,
): AppliedOrder {
  const { order } = accepted;
  if (!current) {
    const created = tx.create(SalesOrder, {
      tenantId,
      sourceSystem: order.sourceSystem,
      externalOrderId: order.externalOrderId,
      ...fieldsOf(accepted),
    });
    return { outcome: 'RECEIVED', salesOrder: created, event: salesOrderEvent(created, accepted.actor, null) };
  }
  if (order.revision <= current.revision)
    return {
      outcome: order.revision === current.revision ? 'DUPLICATE' : 'OUTDATED',
      salesOrder: current,
      event: null,
    };
  const previousRevision = current.revision;
  Object.assign(current, fieldsOf(accepted));
  return { outcome: 'REVISED', salesOrder: current, event: salesOrderEvent(current, accepted.actor, previousRevision) };
}

/** One tenant's orders in ONE transaction: each stored or revised with its event, or left alone. */
async function receiveInTransaction(
  tx: EntityManager,
  tenantId: string,
  orders: readonly AcceptedOrder[],
): Promise<Received[]> {
  const stored = await findByKeys(tx, SalesOrder, {
    properties: ['sourceSystem', 'externalOrderId'],
    keys: orders.map(({ order }) => [order.sourceSystem, order.externalOrderId] as const),
    lock: true,
  });
  const known = new Map(stored.map((row) => [keyOf(row.sourceSystem, row.externalOrderId), row]));
  const touched = new Set<string>();
  const results: Received[] = [];
  for (const accepted of orders) {
    const key = keyOf(accepted.order.sourceSystem, accepted.order.externalOrderId);
    const current = known.get(key) ?? null;
    // The same order changed twice in one batch: its version must be current before the next event.
    if (current && touched.has(key) && accepted.order.revision > current.revision) await tx.flush();
    const applied = applyOrder(tx, tenantId, current, accepted);
    known.set(key, applied.salesOrder);
    if (applied.event) {
      touched.add(key);
      recordEvent(tx, applied.event);
    }
    results.push({ outcome: applied.outcome, salesOrder: applied.salesOrder, eventId: applied.event?.eventId ?? null });
  }
  await tx.flush();
  return results;
}

/**
 * Stores one tenant's valid orders, idempotently: a new order is RECEIVED, a higher revision
 * REVISED, the same revision a DUPLICATE and a lower one OUTDATED (both change nothing). All in
 * one transaction with their events. Two writers racing to insert the same new order: the loser's
 * transaction fails on the unique key and is run again, and then finds the order.
 */
export async function receiveOrders(
  em: EntityManager,
  tenantId: string,
  orders: readonly AcceptedOrder[],
): Promise<Received[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await forkForTenant(em, tenantId).transactional((tx) => receiveInTransaction(tx, tenantId, orders));
    } catch (error) {
      if (attempt >= 3 || !isUniqueViolation(error, 'sales_order_tenant_system_external_unique')) throw error;
    }
  }
}
