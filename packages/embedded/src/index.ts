export { createEmbeddedStack, type EmbeddedStack, type EmbeddedStackOptions } from './stack.js';
export { createEmbeddedStart, type EmbeddedStart, type EmbeddedStartOptions } from './embedded-start.js';
export { embeddedEnv, loadEmbeddedConfig, type EmbeddedConfig } from './config.js';
export { parseStartArgs, type StartArgs } from './args.js';
export {
  startEmbeddedPostgres,
  type EmbeddedPostgres,
  type EmbeddedPostgresOptions,
} from './postgres/embedded-postgres.js';
export { startEmbeddedPostgresThread } from './postgres/embedded-postgres-thread.js';
export { SessionGate, type SessionGateStats } from './postgres/session-gate.js';
export { createSimulator, type Simulator, type SimulatorOptions } from './simulator.js';
