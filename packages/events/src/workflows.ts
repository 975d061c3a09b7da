import { z } from 'zod';

export const phases = [
  'QUALIFICATION',
  'DISCOVERY',
  'PROPOSAL',
  'APPROVAL',
  'NEGOTIATION',
  'CONTRACTING',
  'IMPLEMENTATION',
  'ONBOARDING',
  'MONITORING',
  'EXPANSION',
  'CLOSED_LOST',
] as const;
export const taskTypes = ['APPROVAL', 'IMPLEMENTATION_PLANNING', 'ANS_REGISTRATION'] as const;
export const taskStatuses = ['OPEN', 'DONE', 'CANCELLED'] as const;
export const taskOutcomes = ['APPROVE', 'REJECT', 'DONE'] as const;

export const processSnapshot = z.object({ id: z.uuid(), dealId: z.uuid(), phase: z.enum(phases) });

export const taskSnapshot = z.object({
  id: z.uuid(),
  type: z.enum(taskTypes),
  processId: z.uuid().nullable(),
  /** What the task is about: the contract of an APPROVAL, the beneficiary of an ANS_REGISTRATION. */
  subjectType: z.enum(['Contract', 'Beneficiary', 'Deal']),
  subjectId: z.uuid(),
  assigneeRole: z.string().nullable(),
  assigneeId: z.string().nullable(),
  dueAt: z.iso.datetime({ offset: true }),
  status: z.enum(taskStatuses),
  outcome: z.enum(taskOutcomes).nullable(),
  /*
   * The rest of the task as it is after the change, so each task event holds the whole task and
   * the workflows.tasks projection can be rebuilt from its own topic (human decisions included).
   * Optional only because events written before they were added lack them.
   */
  dealId: z.uuid().nullable().optional(),
  /** The event the task was created from (its id derives from it). */
  sourceEventId: z.uuid().optional(),
  createdAt: z.iso.datetime({ offset: true }).optional(),
  comment: z.string().nullable().optional(),
  completedBy: z.string().nullable().optional(),
  completedAt: z.iso.datetime({ offset: true }).nullable().optional(),
  cancelReason: z.string().nullable().optional(),
  breachedAt: z.iso.datetime({ offset: true }).nullable().optional(),
});

export const schemas = {
  'process.started': z.object({ process: processSnapshot }),
  'process.phase_changed': z.object({ process: processSnapshot, from: z.enum(phases), to: z.enum(phases) }),
  'process.completed': z.object({ process: processSnapshot }),
  'task.created': z.object({ task: taskSnapshot }),
  /** contracts applies APPROVAL outcomes: APPROVE -> APPROVED, REJECT -> REJECTED with `comment`. */
  'task.completed': z.object({ task: taskSnapshot, completedBy: z.string(), comment: z.string().nullable() }),
  'task.cancelled': z.object({ task: taskSnapshot, reason: z.string().nullable() }),
  'sla.breached': z.object({ task: taskSnapshot, breachedAt: z.iso.datetime({ offset: true }) }),
} as const;
