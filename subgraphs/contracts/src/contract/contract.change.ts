import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventEnvelope } from '@salesgraph/events';
import { refuse, type WriteRequest } from '@salesgraph/write';
import type { Contract } from './contract.entity.js';
import { type ContractStatus, canTransition } from './contract-status.js';
import { ContractProblemReason, contractWrites, type ContractResult } from './contract.results.js';
import { contractVisibility } from './contract.access.js';

/** Moves the contract to `to`, or stops the change with INVALID_TRANSITION. */
export function transition(contract: Contract, to: ContractStatus): void {
  if (!canTransition(contract.status, to))
    refuse(ContractProblemReason.INVALID_TRANSITION, `A ${contract.status} contract cannot become ${to}`);
  contract.status = to;
}

/**
 * A change to one contract through the frame: the contract the caller may see, locked and at
 * the version the client read (when it sent one); `rules` change it and return its events.
 */
export function changeContract(
  request: WriteRequest,
  operation: string,
  input: { id: string; version?: number },
  rules: (tx: EntityManager, contract: Contract) => Promise<readonly EventEnvelope[]> | readonly EventEnvelope[],
): Promise<ContractResult> {
  return contractWrites.change(request, {
    operation,
    input,
    target: input,
    where: (tx) => contractVisibility(tx, request.identity),
    rules: async (tx, contract) => ({ entity: contract, events: await rules(tx, contract) }),
  });
}
