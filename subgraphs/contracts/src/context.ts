import type { SubgraphContext } from '@salesgraph/subgraph';

export type ContractsContext = SubgraphContext;
