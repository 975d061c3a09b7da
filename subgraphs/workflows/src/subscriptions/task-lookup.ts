import type { SchemaExtension } from '@salesgraph/subgraph';
import type { WorkflowsContext } from '../context.js';
import { taskLoader } from '../task/task.reference.js';

/**
 * `task(id)`: one task the caller may see (the same visibility as `tasks`). The gateway's
 * subscription engine loads the task of taskAssigned and slaBreached messages with it, as
 * the subscriber.
 */
export const taskLookupExtension: SchemaExtension = {
  typeDefs: `
extend type Query {
  """A task the caller may see (their roles' and their own; every task for managers and above)."""
  task(id: ID!): Task
}
`,
  resolvers: {
    Query: {
      task: (_root: unknown, { id }: { id: string }, context: WorkflowsContext) => taskLoader(context).load(id),
    },
  },
};
