import type { SubscriptionEngine } from './subscription-engine.js';

/**
 * What the transports use of the engine: the schema to validate against, its rules, and
 * subscribe. The public endpoint hands its transports a view with the contract's schema.
 */
export type SubscriptionService = Pick<SubscriptionEngine, 'schema' | 'validationRules' | 'subscribe'>;
