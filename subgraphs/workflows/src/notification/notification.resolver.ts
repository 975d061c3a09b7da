import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { requireIdentity } from '@salesgraph/subgraph';
import type { WorkflowsContext } from '../context.js';
import { NotificationRecipient } from './notification.entity.js';
import { NotificationPreferencesInput } from './notification.inputs.js';
import { myNotificationPreferences, setMyNotificationPreferences } from './notification.service.js';

@Resolver(() => NotificationRecipient)
export class NotificationPreferencesResolver {
  @Query(() => NotificationRecipient, {
    nullable: true,
    description: 'Your notification preferences (null: none set).',
  })
  myNotificationPreferences(@Ctx() context: WorkflowsContext): Promise<NotificationRecipient | null> {
    requireIdentity(context);
    return myNotificationPreferences(context.em, context.identity);
  }

  @Mutation(() => NotificationRecipient, {
    description:
      'Sets where and how you are notified (approvals, signatures, SLA breaches, ANS deadlines: by your roles), or opts you out.',
  })
  setMyNotificationPreferences(
    @Arg('input', () => NotificationPreferencesInput) input: NotificationPreferencesInput,
    @Ctx() context: WorkflowsContext,
  ): Promise<NotificationRecipient> {
    requireIdentity(context);
    return setMyNotificationPreferences(context.em, context.identity, input);
  }
}
