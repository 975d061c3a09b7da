import { contractStatusChangedSubscription } from './contract-status-changed.subscription.js';

/** The Subscription fields this subgraph declares for the gateway's engine (`buildFederatedSchema` extras). */
export const subscriptions = [contractStatusChangedSubscription];
