import type { EntityManager } from '@mikro-orm/postgresql';
import { appError } from '@salesgraph/errors';
import type { Identity } from '@salesgraph/auth';
import { adapterBySlug } from '../adapters/adapters.js';
import { checkOrder } from '../order-intake/order-check.js';
import { IntakeRoute } from './sales-order.enums.js';
import { receiveOrders } from './sales-order.receive.js';
import { SalesOrderOutcome, type SalesOrderReceipt } from './sales-order.results.js';
import { requireIntakeScope } from './sales-order.access.js';

/**
 * One order pushed over HTTP (the gateway's `POST /intake/{system}/orders`): refused with
 * every problem (nothing stored), or stored like an order from Kafka — the same checks, the
 * same idempotence. The tenant is the token's.
 */
export async function receivePushedOrder(
  em: EntityManager,
  identity: Identity,
  system: string,
  payload: unknown,
): Promise<SalesOrderReceipt> {
  const adapter = adapterBySlug(system);
  if (!adapter) throw appError('NOT_FOUND', `No sales system is called "${system}"`, { field: 'system' });
  requireIntakeScope(identity, adapter.slug);
  const checked = checkOrder(adapter, payload, IntakeRoute.HTTP, identity.sub);
  if ('problems' in checked)
    return { outcome: SalesOrderOutcome.REJECTED, salesOrder: null, problems: [...checked.problems], eventId: null };
  const [received] = await receiveOrders(em, identity.tenant, [checked.accepted]);
  return {
    outcome: SalesOrderOutcome[received!.outcome],
    salesOrder: received!.salesOrder,
    problems: [],
    eventId: received!.eventId,
  };
}
