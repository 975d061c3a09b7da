import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Identity, Role } from '@salesgraph/auth';
import { Task } from './task.entity.js';
import { TaskAssigneeRole, TaskType } from './task-types.js';
import { mayComplete, taskVisibility } from './task.access.js';

const who = (...roles: Role[]): Identity => ({ sub: 'user-1', tenant: 't', roles, scopes: [] });
const task = (type: TaskType, assigneeRole: TaskAssigneeRole | null, assigneeId: string | null = null) =>
  Object.assign(new Task(), { type, assigneeRole, assigneeId });

describe('workflows: who may see and complete a task', () => {
  it('lets each approval tier decide its own tier and the ones below, never the ones above', () => {
    const commercial = task(TaskType.APPROVAL, TaskAssigneeRole.COMMERCIAL_DIRECTOR);
    assert.equal(mayComplete(who('SALES_MANAGER'), commercial), false);
    assert.equal(mayComplete(who('COMMERCIAL_DIRECTOR'), commercial), true);
    assert.equal(mayComplete(who('CEO_BOARD'), commercial), true);
    assert.equal(mayComplete(who('CEO_BOARD'), task(TaskType.APPROVAL, TaskAssigneeRole.SALES_MANAGER)), true);
    assert.equal(mayComplete(who('COMMERCIAL_DIRECTOR'), task(TaskType.APPROVAL, TaskAssigneeRole.CEO_BOARD)), false);
  });

  it('lets only the assignee role complete other tasks, and SYSTEM_ADMIN anything', () => {
    const planning = task(TaskType.IMPLEMENTATION_PLANNING, TaskAssigneeRole.OPERATIONS);
    assert.equal(mayComplete(who('OPERATIONS'), planning), true);
    assert.equal(mayComplete(who('CEO_BOARD'), planning), false);
    assert.equal(mayComplete(who('SALES_REP'), task(TaskType.APPROVAL, TaskAssigneeRole.SALES_MANAGER)), false);
    assert.equal(mayComplete(who('SYSTEM_ADMIN'), task(TaskType.APPROVAL, TaskAssigneeRole.CEO_BOARD)), true);
  });

  it('lets only the named user complete a task assigned to a user', () => {
    const mine = task(TaskType.ANS_REGISTRATION, TaskAssigneeRole.OPERATIONS, 'user-1');
    assert.equal(mayComplete(who('OPERATIONS'), mine), true);
    assert.equal(mayComplete({ ...who('OPERATIONS'), sub: 'user-2' }, mine), false);
  });

  it("shows managers and admins every task and others only their roles' or their own", () => {
    assert.deepEqual(taskVisibility(who('COMMERCIAL_DIRECTOR')), {});
    assert.deepEqual(taskVisibility(who('SYSTEM_ADMIN')), {});
    assert.deepEqual(taskVisibility(who('OPERATIONS')), {
      $or: [{ assigneeRole: { $in: ['OPERATIONS'] } }, { assigneeId: 'user-1' }],
    });
  });
});
