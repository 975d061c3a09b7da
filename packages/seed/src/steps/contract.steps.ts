import { createHmac } from 'node:crypto';
import { approverOf, type ApproverRole } from '../actors.js';
import type { SeedContext } from '../context.js';
import {
  activateContractOperation,
  completeTaskOperation,
  contractApprovalOperation,
  draftContractOperation,
  receiveSignatureCallbackOperation,
  sendContractForSignatureOperation,
  submitContractOperation,
} from '../operations.js';
import type { ApprovalLevel, ContractTerms } from '../plan/contract-terms.js';
import { pollUntil } from '../poll.js';
import { accepted, SeedProblemError, untilProjected, type Problem } from './problem.js';

export type ContractStatus =
  | 'DRAFT'
  | 'PENDING_APPROVAL'
  | 'APPROVED'
  | 'REJECTED'
  | 'SENT_FOR_SIGNATURE'
  | 'SIGNED'
  | 'ACTIVE'
  | 'SUSPENDED'
  | 'TERMINATED';

export interface ContractRef {
  readonly id: string;
  readonly version: number;
  readonly number: string;
  readonly status: ContractStatus;
  readonly approvalLevel: ApprovalLevel;
  readonly annualValue: string;
  readonly signature: { readonly envelopeId: string; readonly status: string } | null;
}

type ContractResult = { readonly contract: ContractRef | null; readonly problem: Problem | null };

export interface ApprovalTask {
  readonly id: string;
  readonly version: number;
  readonly type: string;
  readonly status: 'OPEN' | 'DONE' | 'CANCELLED';
  readonly assigneeRole: ApproverRole;
  readonly outcome: string | null;
}

export interface ContractApproval {
  readonly id: string;
  readonly version: number;
  readonly status: ContractStatus;
  readonly approvalLevel: ApprovalLevel;
  readonly approvedBy: string | null;
  readonly rejectionReason: string | null;
  readonly approvalTasks: readonly ApprovalTask[];
}

export interface DraftInput {
  readonly dealId: string;
  readonly terms: Pick<ContractTerms, 'planType' | 'monthlyPremiumPerLife' | 'contractedLives' | 'discountPercent'>;
  readonly startDate: string;
  readonly endDate: string;
}

const contractOf = (operation: string, result: ContractResult) => accepted<ContractRef>(operation, result, 'contract');

/** Drafts a contract once the contracts subgraph's DealSnapshot knows the deal in NEGOTIATION or CLOSED_WON. */
export async function draftContract(context: SeedContext, token: string, input: DraftInput): Promise<ContractRef> {
  const { planType, monthlyPremiumPerLife, contractedLives, discountPercent } = input.terms;
  const variables = {
    input: {
      dealId: input.dealId,
      planType,
      monthlyPremiumPerLife,
      contractedLives,
      discountPercent,
      startDate: input.startDate,
      endDate: input.endDate,
    },
  };
  const result = await untilProjected(
    context,
    `deal ${input.dealId} to reach contracts' DealSnapshot`,
    ['DEAL_NOT_FOUND', 'DEAL_STAGE_NOT_ELIGIBLE'],
    async () => {
      const data = await context.client.execute<{ draftContract: ContractResult }>(
        token,
        draftContractOperation,
        variables,
      );
      return data.draftContract;
    },
  );
  const contract = contractOf('draftContract', result);
  context.stats.add(`contracts.level.${contract.approvalLevel}`);
  return contract;
}

export async function submitContract(context: SeedContext, token: string, contract: ContractRef): Promise<ContractRef> {
  const data = await context.client.execute<{ submitContract: ContractResult }>(token, submitContractOperation, {
    input: { id: contract.id, version: contract.version },
  });
  return contractOf('submitContract', data.submitContract);
}

export async function readContractApproval(
  context: SeedContext,
  token: string,
  contractId: string,
): Promise<ContractApproval | null> {
  const data = await context.client.execute<{ contract: ContractApproval | null }>(token, contractApprovalOperation, {
    id: contractId,
  });
  return data.contract;
}

/** Waits until workflows has opened the APPROVAL task of a PENDING_APPROVAL contract (from contract.approval_requested). */
export function waitForApprovalTask(context: SeedContext, token: string, contractId: string): Promise<ApprovalTask> {
  return pollUntil(
    async () => {
      const contract = await readContractApproval(context, token, contractId);
      return contract?.approvalTasks.find((task) => task.type === 'APPROVAL' && task.status === 'OPEN');
    },
    { description: `the APPROVAL task of contract ${contractId} in workflows`, timeoutMs: context.projectionTimeoutMs },
  );
}

/** Waits until the contracts subgraph has applied the decision (task.completed) and the contract left PENDING_APPROVAL. */
export function waitForDecision(context: SeedContext, token: string, contractId: string): Promise<ContractApproval> {
  return pollUntil(
    async () => {
      const contract = await readContractApproval(context, token, contractId);
      return contract && contract.status !== 'PENDING_APPROVAL' ? contract : undefined;
    },
    { description: `contract ${contractId} to leave PENDING_APPROVAL`, timeoutMs: context.projectionTimeoutMs },
  );
}

/**
 * The approval saga for one contract: waits for the workflows APPROVAL task, completes it as
 * the holder of the task's role, and waits for the contract to be APPROVED or REJECTED.
 */
export async function decideApproval(
  context: SeedContext,
  contract: ContractRef,
  outcome: 'APPROVE' | 'REJECT',
  comment?: string,
): Promise<ContractApproval> {
  const watcher = await context.actors.approver(approverOf(contract.approvalLevel));
  const task = await waitForApprovalTask(context, watcher, contract.id);
  const approver = await context.actors.approver(task.assigneeRole);
  const data = await context.client.execute<{
    completeTask: { task: { status: string } | null; problem: Problem | null };
  }>(approver, completeTaskOperation, {
    id: task.id,
    outcome,
    comment: comment ?? null,
    version: task.version,
  });
  if (data.completeTask.problem) throw new SeedProblemError('completeTask', data.completeTask.problem);
  context.stats.add(`tasks.${outcome}`);
  const decided = await waitForDecision(context, approver, contract.id);
  const expected = outcome === 'APPROVE' ? 'APPROVED' : 'REJECTED';
  if (decided.status !== expected)
    throw new Error(`contract ${contract.id} became ${decided.status} after ${outcome}, not ${expected}`);
  return decided;
}

export async function sendForSignature(
  context: SeedContext,
  token: string,
  contract: { id: string; version: number },
  signers: readonly { name: string; email: string }[],
): Promise<ContractRef> {
  const data = await context.client.execute<{ sendContractForSignature: ContractResult }>(
    token,
    sendContractForSignatureOperation,
    {
      input: { id: contract.id, version: contract.version, signers },
    },
  );
  return contractOf('sendContractForSignature', data.sendContractForSignature);
}

/** The contracts subgraph's SIGNATURE_CALLBACK_SECRET outside production when none is configured. */
export const DEVELOPMENT_SIGNATURE_SECRET = 'development-only-local-signature-callback-secret';

/** The local signature provider's "everyone signed" callback: the exact body and its hex HMAC-SHA256. */
export function localSignatureCallback(
  secret: string,
  envelopeId: string,
  signerEmails: readonly string[],
  signedAt: Date,
): { provider: string; payload: string; signature: string } {
  const at = signedAt.toISOString();
  const payload = JSON.stringify({
    envelopeId,
    status: 'SIGNED',
    signedAt: at,
    signers: signerEmails.map((email) => ({ email, signedAt: at })),
  });
  return { provider: 'local', payload, signature: createHmac('sha256', secret).update(payload, 'utf8').digest('hex') };
}

/** Delivers the provider's callback through the gateway, as the webhook bridge does: SENT_FOR_SIGNATURE -> SIGNED. */
export async function signByCallback(
  context: SeedContext,
  contract: ContractRef,
  signerEmails: readonly string[],
  signedAt = new Date(),
): Promise<ContractRef> {
  if (!contract.signature) throw new Error(`contract ${contract.id} has no signature envelope`);
  const input = localSignatureCallback(context.signatureSecret, contract.signature.envelopeId, signerEmails, signedAt);
  const data = await context.client.execute<{ receiveSignatureCallback: ContractResult }>(
    await context.actors.webhook(),
    receiveSignatureCallbackOperation,
    { input },
  );
  return contractOf('receiveSignatureCallback', data.receiveSignatureCallback);
}

/** Activates a SIGNED contract once DealSnapshot knows its deal is CLOSED_WON. */
export async function activateContract(
  context: SeedContext,
  token: string,
  contract: { id: string; version: number },
): Promise<ContractRef> {
  const result = await untilProjected(
    context,
    `the deal of contract ${contract.id} to be CLOSED_WON in DealSnapshot`,
    ['DEAL_NOT_WON'],
    async () => {
      const data = await context.client.execute<{ activateContract: ContractResult }>(
        token,
        activateContractOperation,
        { input: { id: contract.id, version: contract.version } },
      );
      return data.activateContract;
    },
  );
  return contractOf('activateContract', result);
}
