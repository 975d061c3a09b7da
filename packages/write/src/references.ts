import { LockMode, type EntityClass, type FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { tenantOf } from '@salesgraph/orm';
import { requireUuid } from './ids.js';
import { FrameReason, WriteProblem } from './write-problem.js';

/**
 * One id an input names, to be found in the caller's tenant before the rules run. The entity is
 * the subgraph's own row or its projection of another subgraph's (AccountSummary, DealSnapshot,
 * ContractSnapshot...): every one is tenant-filtered, so an id of another tenant and an id that
 * never existed are the same miss and get the same problem.
 */
export interface ReferenceCheck<T extends object> {
  /** The input field that names it (BAD_USER_INPUT when it is not a uuid). */
  readonly field: string;
  readonly id: string | null | undefined;
  readonly entity: EntityClass<T>;
  /** The problem reason of a miss, e.g. COMPANY_NOT_FOUND. */
  readonly missing: string;
  /** What it is, for the message: "company". */
  readonly noun: string;
  /** The consumer group of the projection it lives in, when it is one (`deals.account-summary`). */
  readonly projection?: string;
  /** Whether its state allows this write: throw `refuse(...)` when it does not. */
  allows?(found: T): void;
  /** Lock its row for the rest of the transaction (a rule counts against it, e.g. contracted lives). */
  readonly lock?: boolean;
}

declare const foundType: unique symbol;

/** A checked reference, typed by what the rules receive for it. */
export type Reference<Found> = ReferenceCheck<object> & { readonly [foundType]?: Found };

/** A reference the input must name. */
export const reference = <T extends object>(check: ReferenceCheck<T>): Reference<T> => check;

/** A reference the input may leave out (null or undefined): checked only when given. */
export const optionalReference = <T extends object>(check: ReferenceCheck<T>): Reference<T | null> => check;

export type ReferenceChecks = Readonly<Record<string, Reference<unknown>>>;

/** What the rules receive: each reference found (null only for an optional one left out). */
export type FoundReferences<R extends ReferenceChecks> = {
  readonly [K in keyof R]: R[K] extends Reference<infer Found> ? Found : never;
};

/** Ids are validated before the transaction opens: a malformed one is bad input, not a miss. */
export function validateReferenceIds(checks: ReferenceChecks): void {
  for (const check of Object.values(checks)) if (check.id != null) requireUuid(check.field, check.id);
}

/**
 * Whether the projection has applied the event the client said it waits for (the
 * `Salesgraph-After-Event` header). Read from the subgraph's inbox, tenant-scoped: an event of
 * another tenant is never "applied" here, exactly like one that does not exist.
 */
async function applied(tx: EntityManager, projection: string, eventId: string): Promise<boolean> {
  const schema = tx.config.get('schema');
  const rows = await tx.execute<{ found: number }[]>(
    `select 1 as found from "${schema}"."inbox_event" where consumer = ? and event_id = ? and tenant_id = ?`,
    [projection, eventId, tenantOf(tx)],
  );
  return rows.length > 0;
}

async function missing(tx: EntityManager, check: ReferenceCheck<object>, afterEventId: string | null) {
  if (afterEventId && check.projection && !(await applied(tx, check.projection, afterEventId))) {
    return new WriteProblem(
      FrameReason.NOT_YET_VISIBLE,
      `The ${check.noun} is not visible here yet: wait until eventStatus(${afterEventId}) shows ${check.projection} applied, then retry`,
      afterEventId,
    );
  }
  return new WriteProblem(check.missing, `The ${check.noun} (${check.field}) was not found`);
}

/** Loads every reference in the caller's tenant, or stops the write with the miss's problem. */
export async function loadReferences<R extends ReferenceChecks>(
  tx: EntityManager,
  checks: R,
  afterEventId: string | null,
): Promise<FoundReferences<R>> {
  const found: Record<string, unknown> = {};
  for (const [name, check] of Object.entries(checks)) {
    if (check.id == null) {
      found[name] = null;
      continue;
    }
    const row = await tx.findOne(
      check.entity,
      { id: check.id.toLowerCase() },
      check.lock ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {},
    );
    if (!row) throw await missing(tx, check, afterEventId);
    check.allows?.(row);
    found[name] = row;
  }
  return found as FoundReferences<R>;
}
