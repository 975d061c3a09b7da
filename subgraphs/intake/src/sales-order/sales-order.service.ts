import { appError } from '@salesgraph/errors';
import { forkForTenant, isUniqueViolation } from '@salesgraph/orm';
import { FrameReason, defineWrites, refuse, type WriteRequest } from '@salesgraph/write';
import { adapterBySlug } from '../adapters/adapters.js';
import { checkOrder } from '../order-intake/order-check.js';
import { SalesOrder } from './sales-order.entity.js';
import { IntakeRoute } from './sales-order.enums.js';
import { applyOrder, type AcceptedOrder } from './sales-order.receive.js';
import { SalesOrderOutcome, type SalesOrderReceipt } from './sales-order.results.js';
import { requireIntakeScope } from './sales-order.access.js';

interface FramedOrder {
  readonly salesOrder: SalesOrder | null;
  readonly problem: { readonly reason: string; readonly message: string } | null;
  readonly eventId: string | null;
}

/** The write frame of sales orders (packages/write): idempotency key, row lock, events, one transaction. */
const salesOrderWrites = defineWrites<SalesOrder, FramedOrder>({
  entity: SalesOrder,
  noun: 'sales order',
  result: ({ entity, problem, eventId }) => ({ salesOrder: entity, problem, eventId }),
});

const OPERATION = 'intake.receiveSalesOrder';

const receipt = (
  outcome: SalesOrderOutcome,
  framed: Pick<FramedOrder, 'salesOrder' | 'eventId'>,
): SalesOrderReceipt => ({
  outcome,
  salesOrder: framed.salesOrder,
  problems: [],
  eventId: framed.eventId,
});

/**
 * The order stored through the frame: created when new, else the stored one locked and the rule
 * applied (applyOrder). DUPLICATE and OUTDATED refuse (nothing written) and answer with the stored
 * order. Losing a race (the same new order inserted meanwhile, or the row changed after it was
 * read) reads again and runs again.
 */
async function storeThroughFrame(
  request: WriteRequest,
  accepted: AcceptedOrder,
  input: unknown,
): Promise<SalesOrderReceipt> {
  const { order } = accepted;
  const tenant = request.identity.tenant;
  for (let attempt = 1; ; attempt++) {
    const current = await forkForTenant(request.em, tenant).findOne(SalesOrder, {
      sourceSystem: order.sourceSystem,
      externalOrderId: order.externalOrderId,
    });
    try {
      if (!current) {
        const created = await salesOrderWrites.create(request, {
          operation: OPERATION,
          input,
          rules: (tx) => {
            const applied = applyOrder(tx, tenant, null, accepted);
            return { entity: applied.salesOrder, events: [applied.event!] };
          },
        });
        return receipt(SalesOrderOutcome.RECEIVED, created);
      }
      const changed = await salesOrderWrites.change(request, {
        operation: OPERATION,
        input,
        target: current,
        rules: (tx, stored) => {
          const applied = applyOrder(tx, tenant, stored, accepted);
          if (!applied.event)
            refuse(applied.outcome, `Revision ${order.revision}; the stored one is ${stored.revision}`);
          return { entity: applied.salesOrder, events: [applied.event] };
        },
      });
      const reason = changed.problem?.reason;
      if (reason === SalesOrderOutcome.DUPLICATE || reason === SalesOrderOutcome.OUTDATED)
        return receipt(reason, { salesOrder: current, eventId: null });
      // Version 1: never revised — the first answer replayed under its Idempotency-Key.
      const outcome = changed.salesOrder?.version === 1 ? SalesOrderOutcome.RECEIVED : SalesOrderOutcome.REVISED;
      if (reason !== FrameReason.STALE_VERSION || attempt >= 3) return receipt(outcome, changed);
    } catch (error) {
      if (attempt >= 3 || !isUniqueViolation(error, 'sales_order_tenant_system_external_unique')) throw error;
    }
  }
}

/**
 * One order pushed over HTTP (the gateway's `POST /intake/{system}/orders`): refused with every
 * problem (nothing stored), or stored through the write frame — the same rule as orders from
 * Kafka (applyOrder), the same idempotence, plus the `Idempotency-Key` the client may send.
 * The tenant is the token's.
 */
export async function receivePushedOrder(
  request: WriteRequest,
  system: string,
  payload: Record<string, unknown>,
): Promise<SalesOrderReceipt> {
  const adapter = adapterBySlug(system);
  if (!adapter) throw appError('NOT_FOUND', `No sales system is called "${system}"`, { field: 'system' });
  requireIntakeScope(request.identity, adapter.slug);
  const checked = checkOrder(adapter, payload, IntakeRoute.HTTP, request.identity.sub);
  if ('problems' in checked)
    return { outcome: SalesOrderOutcome.REJECTED, salesOrder: null, problems: [...checked.problems], eventId: null };
  return storeThroughFrame(request, checked.accepted, { system, payload });
}
