import type { SubgraphContext } from '@salesgraph/subgraph';

export type AccountsContext = SubgraphContext;
