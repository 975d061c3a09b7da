import { taskSubscriptions } from './task-subscriptions.js';
import { taskLookupExtension } from './task-lookup.js';

/** The Subscription fields this subgraph declares for the gateway's engine (`buildFederatedSchema` extras). */
export const subscriptions = [taskSubscriptions];

/** Root fields the engine loads subscription entities with. */
export const subscriptionExtensions = [taskLookupExtension];
