/** Runs `worker` over `items` with at most `concurrency` at a time; the first failure stops new work and is thrown. */
export async function forEachConcurrently<T>(
  items: readonly T[],
  concurrency: number,
  worker: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async () => {
    while (!failure && next < items.length) {
      const index = next++;
      try {
        await worker(items[index]!, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, lane));
  if (failure) throw failure.error;
}

/** Runs the functions given to it with at most `concurrency` at a time; `settle()` waits for all and throws the first failure. */
export function createLimiter(concurrency: number): {
  run(work: () => Promise<void>): void;
  throwIfFailed(): void;
  settle(): Promise<void>;
} {
  let active = 0;
  const waiting: (() => void)[] = [];
  const running: Promise<void>[] = [];
  let failure: { error: unknown } | undefined;
  const slot = async () => {
    if (active >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    active += 1;
  };
  const release = () => {
    active -= 1;
    waiting.shift()?.();
  };
  return {
    run(work) {
      running.push(
        (async () => {
          await slot();
          try {
            if (!failure) await work();
          } catch (error) {
            failure ??= { error };
          } finally {
            release();
          }
        })(),
      );
    },
    throwIfFailed() {
      if (failure) throw failure.error;
    },
    async settle() {
      await Promise.all(running);
      if (failure) throw failure.error;
    },
  };
}
