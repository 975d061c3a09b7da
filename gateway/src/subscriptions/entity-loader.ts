import type { FormattedExecutionResult } from 'graphql';
import type { Identity } from '@salesgraph/auth';
import { describeError, type Logger } from '@salesgraph/logging';
import type { SubscriptionMetrics } from './subscription-metrics.js';
import type { SubscriptionPlan } from './subscription-plan.js';

/** Runs a query through the gateway's normal federated path (plugins, limits, masking) as `identity`. */
export type ExecuteAs = (query: string, variables: Record<string, unknown>, identity: Identity) => Promise<FormattedExecutionResult>;

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

const internalError: FormattedExecutionResult = { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] };

/**
 * Loads the entity of a subscription message as the subscriber, through `executeAs`, with a
 * bound on concurrent loads. Callers share one load among subscribers with equal plans and
 * access scopes (the engine keys them per event).
 */
export function createEntityLoader(options: { executeAs: ExecuteAs; concurrency: number; metrics: SubscriptionMetrics; logger: Logger }) {
  const limiter = new Limiter(options.concurrency);
  return async function load(plan: SubscriptionPlan, identity: Identity, id: string | null): Promise<FormattedExecutionResult> {
    const variables: Record<string, unknown> = { ...plan.entityVariables };
    if (plan.source.idType) variables[plan.idVariable] = id;
    options.metrics.entityFetch(plan.source.field);
    try {
      return await limiter.run(() => options.executeAs(plan.entityQuery, variables, identity));
    } catch (error) {
      options.logger.error({ field: plan.source.field, error: describeError(error) }, 'subscription entity load failed');
      return internalError;
    }
  };
}

export type EntityLoader = ReturnType<typeof createEntityLoader>;
