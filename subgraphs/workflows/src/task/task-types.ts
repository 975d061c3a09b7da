import { registerEnumType } from 'type-graphql';
import { Role } from '@salesgraph/auth';

export enum TaskType {
  /** Approve or reject a contract at its approval level (created by contract.approval_requested). */
  APPROVAL = 'APPROVAL',
  /** Plan the implementation of a signed contract (created by contract.signed). */
  IMPLEMENTATION_PLANNING = 'IMPLEMENTATION_PLANNING',
  /** Register an enrolled beneficiary with the ANS before its deadline (created by beneficiary.enrolled). */
  ANS_REGISTRATION = 'ANS_REGISTRATION',
}
registerEnumType(TaskType, { name: 'TaskType' });

export enum TaskStatus {
  OPEN = 'OPEN',
  DONE = 'DONE',
  CANCELLED = 'CANCELLED',
}
registerEnumType(TaskStatus, { name: 'TaskStatus' });

export enum TaskOutcome {
  APPROVE = 'APPROVE',
  REJECT = 'REJECT',
  DONE = 'DONE',
}
registerEnumType(TaskOutcome, {
  name: 'TaskOutcome',
  description: 'APPROVE or REJECT for APPROVAL tasks; DONE for every other type.',
});

/** The roles work can be assigned to: the platform's roles (ARCHITECTURE.md), as a GraphQL enum. */
export const TaskAssigneeRole = Role;
export type TaskAssigneeRole = Role;
registerEnumType(TaskAssigneeRole, { name: 'TaskAssigneeRole' });

/** What a task is about; the matching reference field (contract, beneficiary, deal) is set. */
export enum TaskSubjectType {
  Contract = 'Contract',
  Beneficiary = 'Beneficiary',
  Deal = 'Deal',
}
