interface Running<T> {
  readonly group: string;
  readonly promise: Promise<T>;
}

/**
 * Identical work while it runs, shared: the first caller of a key starts it, callers that
 * arrive before it settles get the same promise (its value or its error). An entry leaves
 * as soon as its work settles, so nothing outlives the execution that produced it: this is
 * deduplication, never a cache. Entries belong to a group (a tenant): `seal(group)` stops
 * later callers from joining work already running in it, which finishes for the callers it has.
 */
export class InFlight<T> {
  private readonly running = new Map<string, Running<T>>();
  private readonly groups = new Map<string, Set<string>>();

  /** The work of `key`: joined when it is running, started with `start` otherwise. */
  run(group: string, key: string, start: () => Promise<T>): { readonly promise: Promise<T>; readonly joined: boolean } {
    const existing = this.running.get(key);
    if (existing) return { promise: existing.promise, joined: true };
    const entry: Running<T> = { group, promise: start() };
    this.running.set(key, entry);
    let keys = this.groups.get(group);
    if (!keys) this.groups.set(group, (keys = new Set()));
    keys.add(key);
    const forget = () => {
      if (this.running.get(key) !== entry) return; // sealed, and maybe replaced since
      this.running.delete(key);
      keys.delete(key);
      if (keys.size === 0 && this.groups.get(group) === keys) this.groups.delete(group);
    };
    entry.promise.then(forget, forget);
    return { promise: entry.promise, joined: false };
  }

  /** Work of `group` already running keeps its callers; callers from now on start afresh. */
  seal(group: string): void {
    const keys = this.groups.get(group);
    if (!keys) return;
    for (const key of keys) this.running.delete(key);
    this.groups.delete(group);
  }

  /** Keys running now (for tests and metrics). */
  get size(): number {
    return this.running.size;
  }
}
