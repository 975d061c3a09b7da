export interface PollOptions {
  /** What is awaited, for the timeout message. */
  readonly description: string;
  readonly timeoutMs?: number;
}

/**
 * Asks `check` again until it returns something other than undefined/false — the seed waits
 * for projections by reading the graph, never by a fixed sleep. The pause between two reads
 * starts at 20 ms and grows to 1 s, so a long wait behind a busy consumer does not add to its load.
 */
export async function pollUntil<T>(check: () => Promise<T | undefined | false>, options: PollOptions): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let pause = 20;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${options.timeoutMs ?? 60_000} ms waiting for ${options.description}`);
    await new Promise((resolve) => setTimeout(resolve, pause));
    pause = Math.min(1000, Math.round(pause * 1.5));
  }
}
