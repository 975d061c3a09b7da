import { LockMode, type EntityClass, type FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Identity } from '@salesgraph/auth';
import { appError } from '@salesgraph/errors';
import type { EventEnvelope } from '@salesgraph/events';
import { isStaleVersion } from '@salesgraph/orm';
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
import { FrameReason, WriteProblem } from './write-problem.js';

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

/** What the rules of a write produce: the entity as it should be saved and the events it emits. */
export interface WriteOutcome<E> {
  readonly entity: E;
  readonly events: readonly EventEnvelope[];
}

/** Every `<Entity>Result`: the entity (changed) or a problem (nothing changed), and the last event id. */
export interface EntityResultParts<E> {
  readonly entity: E | null;
  readonly problem: { readonly reason: string; readonly message: string } | null;
  readonly eventId: string | null;
}

/** How one aggregate's writes are answered; a service declares it once (`defineWrites`). */
export interface WriteDefinition<E extends object, R> {
  readonly entity: EntityClass<E>;
  /** "deal": used in not-found and stale-version messages. */
  readonly noun: string;
  /** The `<Entity>Result` object from its parts. */
  readonly result: (parts: EntityResultParts<E>) => R;
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
  /** The entity to change and the version the client read. */
  readonly target: { readonly id: string; readonly version: number };
  /** Extra conditions on the target (what the caller may see); a row outside them is not found. */
  readonly where?: FilterQuery<E>;
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
  /** A change to one entity, loaded `FOR UPDATE` and version-checked before the rules run. */
  change<Refs extends ReferenceChecks = Record<never, never>>(
    request: WriteRequest,
    spec: ChangeSpec<E, Refs>,
  ): Promise<R>;
}

/** What a replay needs to answer as the first request did. */
interface StoredResult {
  readonly entity: Record<string, unknown> | null;
  readonly eventId: string | null;
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
 * tenant, the target loaded `SELECT ... FOR UPDATE` and its version checked, the rules, the
 * events recorded in the outbox, the result stored under the key. A `WriteProblem` anywhere
 * rolls all of it back into the result's `problem`; a lost optimistic race is STALE_VERSION.
 */
export function defineWrites<E extends { id: string; version: number }, R>(
  definition: WriteDefinition<E, R>,
): EntityWrites<E, R> {
  const { entity: Entity, noun } = definition;
  const problem = (reason: string, message: string, eventId: string | null = null) =>
    definition.result({ entity: null, problem: { reason, message }, eventId });

  async function run<Refs extends ReferenceChecks>(
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
        const eventId = written.events.at(-1)?.eventId ?? null;
        if (scope) await storeIdempotentResult(tx, scope, snapshot(tx, written.entity, eventId));
        return definition.result({ entity: written.entity, problem: null, eventId });
      });
    } catch (error) {
      if (error instanceof WriteProblem) return problem(error.reason, error.message, error.eventId);
      if (isStaleVersion(error))
        return problem(FrameReason.STALE_VERSION, `The ${noun} changed meanwhile; re-read it and retry`);
      throw error;
    }
  }

  function snapshot(tx: EntityManager, entity: E, eventId: string | null): StoredResult {
    // The ORM's own snapshot of the row (custom types in their database form); the version is kept out of it.
    const row = { ...tx.getComparator().prepareEntity(entity), version: entity.version };
    return { entity: JSON.parse(JSON.stringify(row)) as Record<string, unknown>, eventId };
  }

  /** The first request's entity as it was then, in a unit of work of its own that is never flushed. */
  function restore(tx: EntityManager, stored: StoredResult): R {
    const detached = tx.fork({ clear: true });
    const entity = stored.entity
      ? detached
          .getEntityFactory()
          .create(Entity, stored.entity as never, { merge: false, newEntity: false, convertCustomTypes: true })
      : null;
    return definition.result({ entity, problem: null, eventId: stored.eventId });
  }

  return {
    create: (request, spec) => run(request, spec, async (tx, references) => spec.rules(tx, references)),
    change: (request, spec) => {
      const id = requireUuid('id', spec.target.id);
      return run(request, spec, async (tx, references) => {
        const found = await tx.findOne(Entity, { ...((spec.where ?? {}) as object), id } as FilterQuery<E>, {
          lockMode: LockMode.PESSIMISTIC_WRITE,
        });
        if (!found) throw appError('NOT_FOUND', `${noun[0]!.toUpperCase()}${noun.slice(1)} not found`, { field: 'id' });
        if (found.version !== spec.target.version)
          throw new WriteProblem(
            FrameReason.STALE_VERSION,
            `The ${noun} is at version ${found.version}; re-read it and retry`,
          );
        return spec.rules(tx, found, references);
      });
    },
  };
}
