export {
  defineWrites,
  type WriteRequest,
  type WriteOutcome,
  type WriteDefinition,
  type EntityResultParts,
  type EntityWrites,
  type CreateSpec,
  type ChangeSpec,
} from './write-frame.js';
export { WriteProblem, refuse, FrameReason } from './write-problem.js';
export {
  reference,
  optionalReference,
  type ReferenceCheck,
  type Reference,
  type ReferenceChecks,
  type FoundReferences,
} from './references.js';
export { IDEMPOTENCY_KEY_TTL_MS, requestFingerprint, requireIdempotencyKey } from './idempotency.js';
export { idempotencyDdl, idempotencyMigrations } from './idempotency.ddl.js';
export { isUuid, requireUuid, distinctUuids, uuidV5 } from './ids.js';
