import { dealChangedSubscription } from './deal-changed.subscription.js';
import { pipelineChangedSubscription } from './pipeline-changed.subscription.js';

/** The Subscription fields this subgraph declares for the gateway's engine (`buildFederatedSchema` extras). */
export const subscriptions = [dealChangedSubscription, pipelineChangedSubscription];
