import type { FormattedExecutionResult } from 'graphql';
import type { Identity } from '@salesgraph/auth';
import { describeError, type Logger } from '@salesgraph/logging';
import { entitiesLoaded } from './subscription-message.js';
import type { SubscriptionMetrics } from './subscription-metrics.js';
import type { SubscriptionPlan } from './subscription-plan.js';

/** Runs a query through the gateway's normal federated path (plugins, limits, masking) as `identity`. */
export type ExecuteAs = (
  query: string,
  variables: Record<string, unknown>,
  identity: Identity,
) => Promise<FormattedExecutionResult>;

/** At most `max` tasks at once; the rest wait their turn in order. */
class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly max: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active < this.max) this.active++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve)); // the slot is handed over
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}

const internalError: FormattedExecutionResult = {
  errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
};

/** Codes of failures on the way to the entity (a subgraph unreachable or failing), not answers about it. */
const transientCodes = new Set(['SUBGRAPH_UNAVAILABLE', 'INTERNAL_SERVER_ERROR']);

/**
 * Whether the load failed rather than answered: an entity is missing and the errors say that
 * something on the way failed. (A null entity without such errors is an answer: not visible, or gone.)
 */
export function loadFailed(plan: SubscriptionPlan, result: FormattedExecutionResult): boolean {
  return (
    !entitiesLoaded(plan, result) &&
    (result.errors ?? []).some((error) => transientCodes.has(String(error.extensions?.['code'])))
  );
}

export interface EntityLoaderOptions {
  readonly executeAs: ExecuteAs;
  readonly concurrency: number;
  /** Pauses before each retry of a failed load; its length is the number of retries. */
  readonly retryDelaysMs: readonly number[];
  readonly metrics: SubscriptionMetrics;
  readonly logger: Logger;
}

/**
 * Loads the entity of a subscription message as the subscriber, through `executeAs`, with a
 * bound on concurrent loads. A load that failed on the way (a subgraph connection reset, a
 * subgraph restarting) is tried again after each of `retryDelaysMs`: an event must not be lost
 * to a passing failure. Callers share one load among subscribers with equal plans and access
 * scopes (the engine keys them per event).
 */
export function createEntityLoader(options: EntityLoaderOptions) {
  const limiter = new Limiter(options.concurrency);
  const attempt = async (
    plan: SubscriptionPlan,
    identity: Identity,
    variables: Record<string, unknown>,
  ): Promise<FormattedExecutionResult> => {
    options.metrics.entityFetch(plan.source.field);
    try {
      return await limiter.run(() => options.executeAs(plan.entityQuery, variables, identity));
    } catch (error) {
      options.logger.error(
        { field: plan.source.field, error: describeError(error) },
        'subscription entity load failed',
      );
      return internalError;
    }
  };
  return async function load(
    plan: SubscriptionPlan,
    identity: Identity,
    id: string | null,
  ): Promise<FormattedExecutionResult> {
    const variables: Record<string, unknown> = { ...plan.entityVariables };
    if (plan.source.idType) variables[plan.idVariable] = id;
    let result = await attempt(plan, identity, variables);
    for (const delayMs of options.retryDelaysMs) {
      if (!loadFailed(plan, result)) break;
      options.logger.warn(
        {
          field: plan.source.field,
          codes: result.errors?.map((error) => error.extensions?.['code']),
          retryInMs: delayMs,
        },
        'subscription entity load failed; retrying',
      );
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      result = await attempt(plan, identity, variables);
    }
    return result;
  };
}

export type EntityLoader = ReturnType<typeof createEntityLoader>;
