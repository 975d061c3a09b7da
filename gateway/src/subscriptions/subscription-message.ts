import { GraphQLError, type FormattedExecutionResult } from 'graphql';
import type { SubscriptionPlan } from './subscription-plan.js';

export const SNAPSHOT_EVENT_TYPE = 'snapshot';

/** The payload fields the engine fills from the event (or the snapshot) rather than from the load. */
export interface MessageMeta {
  readonly cursor: string;
  readonly eventId: string | null;
  readonly eventType: string;
  readonly occurredAt: string;
}

/**
 * The JSON text of the client's ExecutionResult: event fields from `meta`, entity keys from the
 * load (null without one), errors with paths under the subscription field. Built once per
 * group of subscribers; the bytes are what graphql-ws and graphql-sse would write for it.
 */
export function messageText(
  plan: SubscriptionPlan,
  meta: MessageMeta,
  result: FormattedExecutionResult | null,
): string {
  const entities = result?.data ?? null;
  const payload: Record<string, unknown> = {};
  for (const { key, kind } of plan.payload) {
    if (kind === '__typename') payload[key] = plan.source.payloadType;
    else if (kind === 'entity') payload[key] = entities?.[key] ?? null;
    else payload[key] = meta[kind];
  }
  const data = { [plan.rootKey]: payload };
  if (!result?.errors?.length) return JSON.stringify({ data });
  const errors = result.errors.map((error) =>
    new GraphQLError(error.message, {
      path: [plan.rootKey, ...(error.path ?? [])],
      extensions: error.extensions,
    }).toJSON(),
  );
  return JSON.stringify({ data, errors });
}

/** A message with errors only (the subscription ends after it). */
export function errorsText(errors: readonly GraphQLError[]): string {
  return JSON.stringify({ errors: errors.map((error) => error.toJSON()) });
}

/** Whether the load found every entity the plan selects (or probes for visibility). */
export function entitiesLoaded(plan: SubscriptionPlan, result: FormattedExecutionResult): boolean {
  const entities = result.data;
  return plan.entityKeys.every((key) => entities?.[key] !== null && entities?.[key] !== undefined);
}
