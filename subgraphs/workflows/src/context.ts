import type { SubgraphContext } from '@salesgraph/subgraph';

export type WorkflowsContext = SubgraphContext;
