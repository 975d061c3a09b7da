import type { GraphQLSchema } from 'graphql';
import { buildFederatedSchema, eventStatusExtension } from '@salesgraph/subgraph';
import { projections } from './projections.js';
import { subscriptionExtensions, subscriptions } from './subscriptions/index.js';
import { ProcessInstance } from './process/process.entity.js';
import { ProcessInstanceResolver } from './process/process.resolver.js';
import { processReference } from './process/process.reference.js';
import { Task } from './task/task.entity.js';
import { TaskResolver } from './task/task.resolver.js';
import { taskReference } from './task/task.reference.js';
import { DealProcessResolver } from './deal/deal.resolver.js';
import { ContractApprovalTasksResolver } from './contract/contract.resolver.js';
import { BeneficiaryAnsTaskResolver } from './beneficiary/beneficiary.resolver.js';
import { stubReferences } from './stub-reference.js';
import {
  NotificationContract,
  NotificationDeal,
  NotificationDelivery,
  NotificationRecipient,
} from './notification/notification.entity.js';
import { NotificationPreferencesResolver } from './notification/notification.resolver.js';

export const entities = [
  ProcessInstance,
  Task,
  NotificationRecipient,
  NotificationDelivery,
  NotificationDeal,
  NotificationContract,
];

/** The workflows subgraph schema (printed to schema.graphql by `npm run compose`). */
export function buildSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema(
    {
      resolvers: [
        ProcessInstanceResolver,
        TaskResolver,
        DealProcessResolver,
        ContractApprovalTasksResolver,
        BeneficiaryAnsTaskResolver,
        NotificationPreferencesResolver,
      ],
    },
    { ...processReference, ...taskReference, ...stubReferences('Deal', 'Contract', 'Beneficiary') },
    {
      extensions: [eventStatusExtension({ schema: 'workflows', projections }), ...subscriptionExtensions],
      subscriptions,
    },
  );
}
