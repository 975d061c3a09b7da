import type { EntityClass, FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Identity } from '@salesgraph/auth';
import { appError } from '@salesgraph/errors';
import type { EventEnvelope } from '@salesgraph/events';
import { isStaleVersion, isUniqueViolation } from '@salesgraph/orm';
import { recordEvent } from '@salesgraph/outbox';
import {
  claimIdempotencyKey,
  requestFingerprint,
  requireIdempotencyKey,
  storeIdempotentResult,
  type IdempotencyScope,
} from './idempotency.js';
import { loadReferences, validateReferenceIds, type FoundReferences, type ReferenceChecks } from './references.js';
import { requireUuid } from './ids.js';
import { lockRow } from './row-lock.js';
import { FrameReason, WriteProblem } from './write-problem.js';
import { inSpan } from '@salesgraph/telemetry';

/** One mutation request: the caller, its tenant's unit of work and the write headers it sent. */
export interface WriteRequest {
  readonly em: EntityManager;
  readonly identity: Identity;
  /** The `Idempotency-Key` header, when sent. */
  readonly idempotencyKey?: string | null;
  /** The `Salesgraph-After-Event` header: the event a just-created reference comes with. */
  readonly afterEventId?: string | null;
  /** The clock of idempotency keys (tests move it past 24 h). */
  readonly now?: () => Date;
}

/**
 * What the rules of a write produce: the entity as it should be saved (or, for a batch such as a
 * bulk enrolment, the entities) and the events it emits.
 */
export type WriteOutcome<E> = (
  | { readonly entity: E; readonly events: readonly EventEnvelope[] }
  | { readonly entities: readonly E[]; readonly events: readonly EventEnvelope[] }
) & {
  /** Anything else the result shows (JSON; stored for replays): an ANS batch's id and XML. */
  readonly extra?: unknown;
};

/**
 * Every `<Entity>Result`: the entity (changed) or a problem (nothing changed), and the last event
 * id; a batch reads `entities` and `eventIds` instead. `problem.details` carries what a rule
 * attached to its refusal (the bad rows of a bulk enrolment).
 */
export interface EntityResultParts<E> {
  readonly entity: E | null;
  readonly entities: readonly E[];
  readonly problem: { readonly reason: string; readonly message: string; readonly details?: unknown } | null;
  readonly eventId: string | null;
  readonly eventIds: readonly string[];
  /** What the rules returned as `extra` (undefined on a problem). */
  readonly extra?: unknown;
}

/** How one aggregate's writes are answered; a service declares it once (`defineWrites`). */
export interface WriteDefinition<E extends object, R> {
  readonly entity: EntityClass<E>;
  /** "deal": used in not-found and stale-version messages. */
  readonly noun: string;
  /** The `<Entity>Result` object from its parts. */
  readonly result: (parts: EntityResultParts<E>) => R;
  /** Unique constraints whose violation is an expected outcome: constraint name -> [reason, message]. */
  readonly conflicts?: Readonly<Record<string, readonly [reason: string, message: string]>>;
}

interface WriteSpec<Refs extends ReferenceChecks> {
  /** `<subgraph>.<mutation>`: part of the idempotency fingerprint, so a key is never shared by two operations. */
  readonly operation: string;
  /** The mutation's arguments as the client sent them (the rest of the fingerprint). */
  readonly input: unknown;
  readonly references?: Refs;
}

export interface CreateSpec<E, Refs extends ReferenceChecks> extends WriteSpec<Refs> {
  readonly rules: (tx: EntityManager, references: FoundReferences<Refs>) => Promise<WriteOutcome<E>> | WriteOutcome<E>;
}

export interface ChangeSpec<E, Refs extends ReferenceChecks> extends WriteSpec<Refs> {
  /**
   * The entity to change and the version the client read. Without a version the change does not
   * depend on what the client read (an LGPD erasure): it is still made under the row lock.
   */
  readonly target: { readonly id: string; readonly version?: number | undefined };
  /** Extra conditions on the target (what the caller may see); a row outside them is not found. */
  readonly where?: (tx: EntityManager) => FilterQuery<E>;
  readonly rules: (
    tx: EntityManager,
    entity: E,
    references: FoundReferences<Refs>,
  ) => Promise<WriteOutcome<E>> | WriteOutcome<E>;
}

export interface EntityWrites<E extends object, R> {
  /** A new entity: references, rules, events, one transaction. */
  create<Refs extends ReferenceChecks = Record<never, never>>(
    request: WriteRequest,
    spec: CreateSpec<E, Refs>,
  ): Promise<R>;
  /** A change to one entity, locked (row-lock.ts) and version-checked before the rules run. */
  change<Refs extends ReferenceChecks = Record<never, never>>(
    request: WriteRequest,
    spec: ChangeSpec<E, Refs>,
  ): Promise<R>;
}

/** What a replay needs to answer as the first request did: the rows as written and the event ids. */
interface StoredResult {
  readonly rows: readonly Record<string, unknown>[];
  readonly batch: boolean;
  readonly eventIds: readonly string[];
  readonly extra?: unknown;
}

const systemClock = () => new Date();

function idempotencyScope(request: WriteRequest): IdempotencyScope | null {
  if (request.idempotencyKey == null) return null;
  const key = requireIdempotencyKey(request.idempotencyKey);
  return { tenant: request.identity.tenant, caller: request.identity.sub, key };
}

/**
 * The one frame of every mutation (packages/write/README.md), in ONE transaction:
 * idempotency key claimed (or its first result replayed), references found in the caller's
 * tenant, the target locked (`FOR NO KEY UPDATE`, row-lock.ts) and its version checked, the rules, the
 * events recorded in the outbox, the result stored under the key. A `WriteProblem` anywhere
 * rolls all of it back into the result's `problem`; a lost optimistic race is STALE_VERSION.
 */
export function defineWrites<E extends { id: string; version: number }, R>(
  definition: WriteDefinition<E, R>,
): EntityWrites<E, R> {
  const { entity: Entity, noun } = definition;
  const problem = (reason: string, message: string, eventId: string | null = null, details?: unknown) =>
    definition.result({
      entity: null,
      entities: [],
      problem: details === undefined ? { reason, message } : { reason, message, details },
      eventId,
      eventIds: [],
    });
  const success = (entities: readonly E[], batch: boolean, eventIds: readonly string[], extra: unknown) =>
    definition.result({
      entity: batch ? null : (entities[0] ?? null),
      entities,
      problem: null,
      eventId: eventIds.at(-1) ?? null,
      eventIds,
      extra,
    });

  /** The frame in a span `write <operation>` (its SQL and the outbox row's traceparent under it). */
  const run = <Refs extends ReferenceChecks>(
    request: WriteRequest,
    spec: WriteSpec<Refs>,
    apply: (tx: EntityManager, references: FoundReferences<Refs>) => Promise<WriteOutcome<E>>,
  ): Promise<R> =>
    inSpan(`write ${spec.operation}`, { attributes: { 'salesgraph.write.operation': spec.operation } }, () =>
      frame(request, spec, apply),
    );

  async function frame<Refs extends ReferenceChecks>(
    request: WriteRequest,
    spec: WriteSpec<Refs>,
    apply: (tx: EntityManager, references: FoundReferences<Refs>) => Promise<WriteOutcome<E>>,
  ): Promise<R> {
    const scope = idempotencyScope(request);
    validateReferenceIds(spec.references ?? {});
    if (request.afterEventId != null) requireUuid('Salesgraph-After-Event', request.afterEventId);
    const now = (request.now ?? systemClock)();
    try {
      return await request.em.transactional(async (tx) => {
        if (scope) {
          const replay = await claimIdempotencyKey(tx, scope, requestFingerprint(spec.operation, spec.input), now);
          if (replay) return restore(tx, replay.stored as StoredResult);
        }
        const references = await loadReferences(tx, spec.references ?? ({} as Refs), request.afterEventId ?? null);
        const written = await apply(tx, references);
        for (const event of written.events) recordEvent(tx, event);
        await tx.flush();
        const batch = 'entities' in written;
        const entities = batch ? written.entities : [written.entity];
        const eventIds = written.events.map((event) => event.eventId);
        if (scope) await storeIdempotentResult(tx, scope, snapshot(tx, entities, batch, eventIds, written.extra));
        return success(entities, batch, eventIds, written.extra);
      });
    } catch (error) {
      if (error instanceof WriteProblem) return problem(error.reason, error.message, error.eventId, error.details);
      if (isStaleVersion(error))
        return problem(FrameReason.STALE_VERSION, `The ${noun} changed meanwhile; re-read it and retry`);
      const conflict = Object.entries(definition.conflicts ?? {}).find(([constraint]) =>
        isUniqueViolation(error, constraint),
      );
      if (conflict) return problem(...conflict[1]);
      throw error;
    }
  }

  function snapshot(
    tx: EntityManager,
    entities: readonly E[],
    batch: boolean,
    eventIds: string[],
    extra: unknown,
  ): StoredResult {
    // The ORM's own snapshot of each row (custom types in their database form); the version is kept out of it.
    const rows = entities.map((entity) => ({ ...tx.getComparator().prepareEntity(entity), version: entity.version }));
    return JSON.parse(JSON.stringify({ rows, batch, eventIds, extra })) as StoredResult;
  }

  /** The first request's entities as they were then, in a unit of work of its own that is never flushed. */
  function restore(tx: EntityManager, stored: StoredResult): R {
    const factory = tx.fork({ clear: true }).getEntityFactory();
    const options = { merge: false, newEntity: false, convertCustomTypes: true };
    const entities = stored.rows.map((row) => factory.create(Entity, row as never, options));
    return success(entities, stored.batch, stored.eventIds, stored.extra);
  }

  return {
    create: (request, spec) => run(request, spec, async (tx, references) => spec.rules(tx, references)),
    change: (request, spec) => {
      const id = requireUuid('id', spec.target.id);
      return run(request, spec, async (tx, references) => {
        await lockRow(tx, Entity, id);
        const found = await tx.findOne(Entity, { ...((spec.where?.(tx) ?? {}) as object), id } as FilterQuery<E>, {
          refresh: true,
        });
        if (!found) throw appError('NOT_FOUND', `${noun[0]!.toUpperCase()}${noun.slice(1)} not found`, { field: 'id' });
        if (spec.target.version !== undefined && found.version !== spec.target.version)
          throw new WriteProblem(
            FrameReason.STALE_VERSION,
            `The ${noun} is at version ${found.version}; re-read it and retry`,
          );
        return spec.rules(tx, found, references);
      });
    },
  };
}
