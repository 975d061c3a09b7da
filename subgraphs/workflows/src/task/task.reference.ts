import { requestLoader, referencedOrNotFound } from '@salesgraph/subgraph';
import type { WorkflowsContext } from '../context.js';
import type { Task } from './task.entity.js';
import { TaskSubjectType, TaskType } from './task-types.js';
import { tasksByIds, tasksBySubjects } from './task.service.js';

/** One SQL statement per request for every task looked up by id. */
export const taskLoader = (context: WorkflowsContext) =>
  requestLoader<string, Task | null>(context, 'task.byId', (ids) => tasksByIds(context.em, context.identity, ids));

/** One SQL statement per request for the APPROVAL tasks of every contract asked for. */
export const approvalTasksLoader = (context: WorkflowsContext) =>
  requestLoader<string, Task[]>(context, 'task.approvalsByContract', (contractIds) =>
    tasksBySubjects(context.em, context.identity, TaskType.APPROVAL, TaskSubjectType.Contract, contractIds),
  );

/** One SQL statement per request for the ANS_REGISTRATION tasks of every beneficiary asked for. */
export const ansTasksLoader = (context: WorkflowsContext) =>
  requestLoader<string, Task[]>(context, 'task.ansByBeneficiary', (beneficiaryIds) =>
    tasksBySubjects(
      context.em,
      context.identity,
      TaskType.ANS_REGISTRATION,
      TaskSubjectType.Beneficiary,
      beneficiaryIds,
    ),
  );

export const taskReference = {
  Task: {
    __resolveReference: (reference: { id: string }, context: WorkflowsContext) =>
      referencedOrNotFound('Task', taskLoader(context).load(reference.id)),
  },
};
