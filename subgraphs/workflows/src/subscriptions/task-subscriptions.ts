import { topics } from '@salesgraph/events';

const payload = (name: string, what: string) => `
"""${what}, or a snapshot signal (eventType "snapshot")."""
type ${name} {
  """Pass as \`after\` when resubscribing to receive what was missed."""
  cursor: String!
  """The event; null on a snapshot signal."""
  eventId: ID
  """The event type, or "snapshot": events were missed, re-read what you show."""
  eventType: String!
  occurredAt: DateTimeISO!
  """The task as it is now, as the subscriber sees it."""
  task: Task
}
`;

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
