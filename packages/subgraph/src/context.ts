import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Identity } from '@salesgraph/auth';

/**
 * What every resolver gets: the verified caller and a unit of work scoped to their tenant, and
 * the write headers the gateway passed on (a `WriteRequest` of packages/write as it is).
 */
export interface SubgraphContext {
  readonly identity: Identity;
  readonly em: EntityManager;
  readonly loaders: Map<string, DataLoader<unknown, unknown>>;
  /** The client's `Idempotency-Key` header, passed on by the gateway for mutations. */
  readonly idempotencyKey: string | null;
  /** The client's `Salesgraph-After-Event` header: the event a reference it names comes with. */
  readonly afterEventId: string | null;
}

/** The headers of the write frame, as the gateway passes them on. */
export const WRITE_HEADERS = { idempotencyKey: 'idempotency-key', afterEventId: 'salesgraph-after-event' } as const;

/** One DataLoader per name per request: batches every load of a tick into one call. */
export function requestLoader<K, V>(
  context: SubgraphContext,
  name: string,
  batch: (keys: readonly K[]) => Promise<readonly (V | Error)[]>,
): DataLoader<K, V> {
  let loader = context.loaders.get(name) as DataLoader<K, V> | undefined;
  if (!loader) {
    loader = new DataLoader<K, V>(batch, { maxBatchSize: 1000 });
    context.loaders.set(name, loader);
  }
  return loader;
}
