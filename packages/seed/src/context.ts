import type { Actors } from './actors.js';
import type { GraphClient } from './graph-client.js';

/** Counters of what was done, by name (`companies`, `deals.CLOSED_WON`, `waits.DEAL_NOT_WON` …). */
export class SeedStats {
  private readonly counters = new Map<string, number>();

  add(name: string, n = 1): void {
    this.counters.set(name, (this.counters.get(name) ?? 0) + n);
  }

  get(name: string): number {
    return this.counters.get(name) ?? 0;
  }

  /** Every counter whose name starts with `prefix.`, without the prefix. */
  group(prefix: string): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [name, value] of this.counters)
      if (name.startsWith(`${prefix}.`)) out[name.slice(prefix.length + 1)] = value;
    return out;
  }
}

/** What every step needs: the gateway client, the tenant's actors, and where to count. */
export interface SeedContext {
  readonly client: GraphClient;
  readonly actors: Actors;
  /** HMAC key of the local signature provider (the contracts subgraph's SIGNATURE_CALLBACK_SECRET). */
  readonly signatureSecret: string;
  /** Longest wait for a projection to catch up. */
  readonly projectionTimeoutMs: number;
  readonly stats: SeedStats;
}
