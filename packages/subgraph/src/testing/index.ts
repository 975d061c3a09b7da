export { openSubgraphTestBed, type SubgraphTestBed, type SubgraphTestBedOptions } from './subgraph-test-bed.js';
export {
  startAppUnderTest,
  projectionsCaughtUp,
  statementRecorder,
  type AppUnderTest,
  type SubgraphHarnessBase,
} from './app-under-test.js';
