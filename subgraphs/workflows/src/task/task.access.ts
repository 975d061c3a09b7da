import { hasAnyRole, isManagerOrAbove, type Identity, type Role } from '@salesgraph/auth';
import type { Task } from './task.entity.js';
import { TaskType } from './task-types.js';

/**
 * Row-level visibility of tasks beyond the tenant filter: managers and above (SALES_MANAGER,
 * COMMERCIAL_DIRECTOR, CEO_BOARD) and SYSTEM_ADMIN see every task of the tenant; anyone else
 * sees the tasks assigned to one of their roles or to themselves.
 */
export function taskVisibility(identity: Identity): Record<string, unknown> {
  if (isManagerOrAbove(identity)) return {};
  return { $or: [{ assigneeRole: { $in: [...identity.roles] } }, { assigneeId: identity.sub }] };
}

/** Approval tiers, lowest first: a tier may decide approvals of its own tier and below. */
const approvalTiers: readonly Role[] = ['SALES_MANAGER', 'COMMERCIAL_DIRECTOR', 'CEO_BOARD'];

/**
 * Who may complete a task: SYSTEM_ADMIN always; a task assigned to a user, only that user;
 * an APPROVAL, a holder of its tier or a higher one (a CEO_BOARD member may approve what a
 * SALES_MANAGER could); any other task, a holder of its assignee role.
 */
export function mayComplete(identity: Identity, task: Task): boolean {
  if (hasAnyRole(identity, ['SYSTEM_ADMIN'])) return true;
  if (task.assigneeId !== null) return task.assigneeId === identity.sub;
  if (task.assigneeRole === null) return false;
  if (task.type === TaskType.APPROVAL) {
    const needed = approvalTiers.indexOf(task.assigneeRole);
    return needed >= 0 && hasAnyRole(identity, approvalTiers.slice(needed));
  }
  return hasAnyRole(identity, [task.assigneeRole]);
}
