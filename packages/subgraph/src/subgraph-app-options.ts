import type { MessageBus } from '@salesgraph/kafka';
import type { Logger } from '@salesgraph/logging';

/**
 * What every subgraph's `create<Name>App` takes: its parsed config and a logger; tests and the
 * embedded start add a bus of their own and an observer of the SQL the app issues.
 */
export interface SubgraphAppOptions<Config> {
  readonly config: Config;
  readonly logger: Logger;
  /** Replaces the Kafka bus (the embedded start uses the in-process bus). */
  readonly bus?: MessageBus;
  readonly onQuery?: (sql: string) => void;
}
