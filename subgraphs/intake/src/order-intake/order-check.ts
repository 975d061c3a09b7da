import type { SalesSystemAdapter } from '../adapters/adapter.js';
import type { IntakeRoute } from '../sales-order/sales-order.enums.js';
import type { AcceptedOrder } from '../sales-order/sales-order.receive.js';

/** Tenant ids as the rest of the graph bounds them (they travel in headers, logs and SQL). */
const tenantPattern = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

export const isTenantId = (value: unknown): value is string => typeof value === 'string' && tenantPattern.test(value);

/**
 * A payload through its system's transformer: the order ready to store, or every problem with it.
 * Shared by the Kafka consumer and the HTTP route, so both refuse exactly the same orders.
 */
export function checkOrder(
  adapter: SalesSystemAdapter,
  payload: unknown,
  via: IntakeRoute,
  actor: string,
): { readonly accepted: AcceptedOrder } | { readonly problems: readonly string[] } {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload))
    return { problems: ['(payload): must be a JSON object'] };
  const transformed = adapter.transform(payload);
  if (!transformed.ok) return { problems: transformed.problems };
  return { accepted: { order: transformed.order, rawPayload: payload as Record<string, unknown>, via, actor } };
}
