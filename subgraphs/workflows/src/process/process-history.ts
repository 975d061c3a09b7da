import { ProcessPhase, nextPhase } from './process-phase.js';

/** One deal or contract event that may move a process, as kept on the process row. */
export interface StoredCause {
  /** The event's occurredAt. */
  readonly at: string;
  readonly kind: 'stage' | 'contract';
  /** The phase the event calls for (see phaseOfStage, phaseOfContractEvent). */
  readonly phase: ProcessPhase;
  /** The event type. */
  readonly cause: string;
  /** The event's aggregateVersion and id: they order events of the same instant. */
  readonly version: number;
  readonly eventId: string;
}

/** One stay in a phase, as stored (ISO timestamps from the events that caused it). */
export interface StoredPhaseEntry {
  phase: ProcessPhase;
  enteredAt: string;
  leftAt: string | null;
  /** The event type that moved the process into this phase. */
  cause: string;
}

export interface ProcessCourse {
  readonly phase: ProcessPhase;
  readonly phaseEnteredAt: Date;
  readonly phaseHistory: StoredPhaseEntry[];
  readonly startedAt: Date;
  readonly completedAt: Date | null;
}

const inTimeOrder = (a: StoredCause, b: StoredCause) =>
  Date.parse(a.at) - Date.parse(b.at) ||
  a.version - b.version ||
  (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0);

/** The causes with one more, in time order: the row keeps them sorted, so it does not depend on arrival order either. */
export const withCause = (causes: readonly StoredCause[], cause: StoredCause): StoredCause[] =>
  [...causes, cause].sort(inTimeOrder);

/**
 * The course of a process: its causes taken in the order they happened (occurredAt), whatever
 * the order they arrived in. Deal and contract events come from different topics, which Kafka
 * does not order against each other, so a live consumer and a rebuild see them in different
 * orders; recomputing from all of them in time order gives both the same process. The earliest
 * cause starts the process; each later one moves it as nextPhase says.
 */
export function courseOf(causes: readonly StoredCause[]): ProcessCourse {
  const [first, ...rest] = [...causes].sort(inTimeOrder);
  if (!first) throw new Error('a process has at least one cause');
  const history: StoredPhaseEntry[] = [{ phase: first.phase, enteredAt: first.at, leftAt: null, cause: first.cause }];
  for (const cause of rest) {
    const current = history.at(-1)!;
    const to = nextPhase(current.phase, cause);
    if (!to) continue;
    current.leftAt = cause.at;
    history.push({ phase: to, enteredAt: cause.at, leftAt: null, cause: cause.cause });
  }
  const last = history.at(-1)!;
  return {
    phase: last.phase,
    phaseEnteredAt: new Date(last.enteredAt),
    phaseHistory: history,
    startedAt: new Date(first.at),
    completedAt: last.phase === ProcessPhase.CLOSED_LOST ? new Date(last.enteredAt) : null,
  };
}
