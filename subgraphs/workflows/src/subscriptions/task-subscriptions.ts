import { topics } from '@salesgraph/events';
import { eventPayloadSdl } from '@salesgraph/subgraph';

const payload = (name: string, what: string) =>
  eventPayloadSdl({
    name,
    description: `${what}, or a snapshot signal (eventType "snapshot").`,
    eventTypeDescription: 'The event type, or "snapshot": events were missed, re-read what you show.',
    entityField: 'task',
    entityType: 'Task',
  });

/**
 * `taskAssigned(role)` (task.created: a new task in someone's inbox) and `slaBreached`
 * (sla.breached), the task loaded by `task(id)` as the subscriber, so only tasks the caller
 * may see arrive (their roles' and their own; every task for managers and above). Fed by the
 * gateway's subscription engine from workflows.task.events (gateway/SUBSCRIPTIONS.md).
 */
export const taskSubscriptions = `
${payload('TaskAssigned', 'A task was created for a role or a user')}
${payload('SlaBreached', 'An open task passed its due time')}
extend type Subscription {
  """New tasks the caller may see; \`role\` narrows them to one assignee role."""
  taskAssigned(role: TaskAssigneeRole, after: String): TaskAssigned!
    @eventSource(topic: "${topics.task}", events: ["task.created"], entityField: "task", load: "task(id: $id)", filters: ["role=task.assigneeRole"])
  """SLA breaches of the tasks the caller may see."""
  slaBreached(after: String): SlaBreached!
    @eventSource(topic: "${topics.task}", events: ["sla.breached"], entityField: "task", load: "task(id: $id)")
}
`;
