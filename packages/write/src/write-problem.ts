/**
 * An expected business outcome that stops a write: the frame rolls the transaction back and
 * answers the mutation's `<Entity>Result` with `problem { reason message }`. Rules throw it
 * (through `refuse`) wherever they are, however deep.
 */
export class WriteProblem extends Error {
  constructor(
    readonly reason: string,
    message: string,
    /** The event a retry should wait for (NOT_YET_VISIBLE), else null. */
    readonly eventId: string | null = null,
  ) {
    super(message);
    this.name = 'WriteProblem';
  }
}

/** Stops the write with a problem: `refuse('TERMINAL_STAGE', 'The deal is closed')`. */
export function refuse(reason: string, message: string): never {
  throw new WriteProblem(reason, message);
}

/** The reasons the frame itself answers, in every `<Entity>ProblemReason` enum that can meet them. */
export const FrameReason = {
  /** The client's `version` is not the entity's: re-read and retry. */
  STALE_VERSION: 'STALE_VERSION',
  /** A referenced id is not visible here yet: wait for `eventId` (eventStatus) and retry. */
  NOT_YET_VISIBLE: 'NOT_YET_VISIBLE',
} as const;
