import type { EntityManager } from '@mikro-orm/postgresql';
import type { Identity } from '@salesgraph/auth';
import { distinctUuids } from '@salesgraph/write';
import { ProcessInstance, type PhaseEntry } from './process.entity.js';
import { processVisibility } from './process.access.js';

/** Loads the visible processes of many deals (or by process id) in one statement, in key order. */
export async function processesBy(
  em: EntityManager,
  identity: Identity,
  key: 'dealId' | 'id',
  values: readonly string[],
): Promise<(ProcessInstance | null)[]> {
  const valid = distinctUuids(values);
  const rows = valid.length
    ? await em.find(ProcessInstance, { [key]: { $in: valid }, ...processVisibility(identity) })
    : [];
  const byKey = new Map(rows.map((row) => [row[key], row]));
  return values.map((value) => byKey.get(value) ?? null);
}

export function phaseEntries(process: ProcessInstance): PhaseEntry[] {
  return process.phaseHistory.map((entry) => {
    const enteredAt = new Date(entry.enteredAt);
    const leftAt = entry.leftAt === null ? null : new Date(entry.leftAt);
    return {
      phase: entry.phase,
      enteredAt,
      leftAt,
      durationSeconds: leftAt === null ? null : Math.floor((leftAt.getTime() - enteredAt.getTime()) / 1000),
      cause: entry.cause,
    };
  });
}
