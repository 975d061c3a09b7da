/**
 * Runs `operation`, trying again while it fails with an error kafkajs marks retriable (its own
 * retries exhausted, e.g. a broker that has just started and does not know a new topic's
 * partitions yet), at most `attempts` times in all, waiting `delayMs` × attempt in between.
 */
export async function retryRetriable<T>(operation: () => Promise<T>, { attempts = 5, delayMs = 500 } = {}): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      const retriable = (error as { retriable?: unknown } | null)?.retriable === true;
      if (!retriable || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, delayMs * attempt));
    }
  }
}
