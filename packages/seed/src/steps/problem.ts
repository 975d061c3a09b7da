import type { SeedContext } from '../context.js';
import { pollUntil } from '../poll.js';

export interface Problem {
  readonly reason: string;
  readonly message: string;
}

/** A business rule refused a seed step for good (not a projection lag). */
export class SeedProblemError extends Error {
  constructor(
    readonly operation: string,
    readonly problem: Problem,
  ) {
    super(`${operation} refused: ${problem.reason} (${problem.message})`);
    this.name = 'SeedProblemError';
  }
}

/** The entity of a result, or SeedProblemError with its problem. */
export function accepted<E>(
  operation: string,
  result: { readonly problem: Problem | null } & Record<string, unknown>,
  field: string,
): E {
  if (result.problem) throw new SeedProblemError(operation, result.problem);
  return result[field] as E;
}

/**
 * Sends `attempt` until it is not refused for one of `lagReasons` — a rule that depends on a
 * projection (AccountSummary, DealSnapshot, ContractSnapshot) which has not applied the
 * earlier events yet. A refused attempt writes nothing, so asking again is safe; each
 * wait is counted as `waits.<reason>`.
 */
export async function untilProjected<R extends { readonly problem: Problem | null }>(
  context: SeedContext,
  description: string,
  lagReasons: readonly string[],
  attempt: () => Promise<R>,
): Promise<R> {
  return pollUntil(
    async () => {
      const result = await attempt();
      if (result.problem && lagReasons.includes(result.problem.reason)) {
        context.stats.add(`waits.${result.problem.reason}`);
        return false;
      }
      return result;
    },
    { description, timeoutMs: context.projectionTimeoutMs },
  );
}
