import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import { appError } from '@salesgraph/errors';
import type { Identity } from '@salesgraph/auth';
import { isStaleVersion } from '@salesgraph/orm';
import { Contract } from './contract.entity.js';
import { type ContractStatus, canTransition } from './contract-status.js';
import { ContractProblemError, ContractProblemReason, type ContractResult } from './contract.results.js';
import { contractVisibility } from './contract.access.js';
import { requireUuid } from './contract.terms.js';

/** Runs a change in one transaction; a ContractProblemError or a lost race rolls it back into a `problem`. */
export async function inTransaction(
  em: EntityManager,
  work: (tx: EntityManager) => Promise<ContractResult>,
): Promise<ContractResult> {
  try {
    return await em.transactional(work);
  } catch (error) {
    if (error instanceof ContractProblemError) return error.toResult();
    if (isStaleVersion(error)) return staleVersion().toResult();
    throw error;
  }
}

const staleVersion = (current?: number) =>
  new ContractProblemError(
    ContractProblemReason.STALE_VERSION,
    current === undefined
      ? 'The contract changed meanwhile; re-read it and retry'
      : `The contract is at version ${current}; re-read it and retry`,
  );

/** Moves the contract to `to`, or stops the change with INVALID_TRANSITION. */
export function transition(contract: Contract, to: ContractStatus): void {
  if (!canTransition(contract.status, to)) {
    throw new ContractProblemError(
      ContractProblemReason.INVALID_TRANSITION,
      `A ${contract.status} contract cannot become ${to}`,
    );
  }
  contract.status = to;
}

/**
 * The shape of every update: find the contract the caller may see (locked for the rest of
 * the transaction), check the version the client read, apply `change`, flush once.
 */
export function changeContract(
  em: EntityManager,
  identity: Identity,
  target: { id: string; version: number },
  change: (tx: EntityManager, contract: Contract) => Promise<string>,
): Promise<ContractResult> {
  const id = requireUuid('id', target.id);
  return inTransaction(em, async (tx) => {
    const contract = await tx.findOne(
      Contract,
      { id, ...contractVisibility(tx, identity) },
      { lockMode: LockMode.PESSIMISTIC_WRITE },
    );
    if (!contract) throw appError('NOT_FOUND', 'Contract not found', { field: 'id' });
    if (contract.version !== target.version) throw staleVersion(contract.version);
    const eventId = await change(tx, contract);
    await tx.flush();
    return { contract, problem: null, eventId };
  });
}
