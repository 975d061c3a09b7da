import type { EntityManager } from '@mikro-orm/postgresql';
import type { Identity } from '@salesgraph/auth';
import { reference, refuse, type WriteRequest } from '@salesgraph/write';
import { DealSnapshot } from '../deal-snapshot/deal-snapshot.entity.js';
import { dealSnapshotProjection } from '../deal-snapshot/deal-snapshot.projection.js';
import type { SignatureProvider } from '../signature/signature-provider.js';
import { envelopeTermsOf } from '../signature/contract-document.pdf.js';
import { Contract, ContractSignature, SignatureStatus } from './contract.entity.js';
import { ApprovalLevel, ContractStatus } from './contract-status.js';
import type {
  ChangeContractStatusInput,
  ContractVersionInput,
  DraftContractInput,
  ReviseContractInput,
  SendContractForSignatureInput,
} from './contract.inputs.js';
import { ContractProblemReason, contractWrites, type ContractResult } from './contract.results.js';
import { requireContractRole, requireDealAccess } from './contract.access.js';
import { contractEvent, type EventOrigin } from './contract.events.js';
import { nextContractNumber } from './contract.number.js';
import { contractTerms } from './contract.terms.js';
import { changeContract, transition } from './contract.change.js';
import { signersOf, optionalReason } from './contract.validation.js';

const DRAFTABLE_DEAL_STAGES: ReadonlySet<string> = new Set(['NEGOTIATION', 'CLOSED_WON']);

const originOf = (identity: Identity): EventOrigin => ({ tenantId: identity.tenant, actor: identity.sub });

/** The deal a contract is drafted for: in DealSnapshot, in the tenant, the caller's to draft for, in a draftable stage. */
const draftableDeal = (identity: Identity, dealId: string) =>
  reference({
    entity: DealSnapshot,
    field: 'dealId',
    id: dealId,
    missing: ContractProblemReason.DEAL_NOT_FOUND,
    noun: 'deal',
    projection: dealSnapshotProjection.name,
    allows: (deal) => {
      requireDealAccess(identity, deal);
      if (!DRAFTABLE_DEAL_STAGES.has(deal.stage))
        refuse(
          ContractProblemReason.DEAL_STAGE_NOT_ELIGIBLE,
          `The deal is in ${deal.stage}; contracts are drafted in NEGOTIATION or CLOSED_WON`,
        );
    },
  });

/** The deal of an existing contract, as DealSnapshot knows it now. */
async function dealOf(tx: EntityManager, dealId: string): Promise<DealSnapshot> {
  const deal = await tx.findOne(DealSnapshot, { id: dealId });
  return deal ?? refuse(ContractProblemReason.DEAL_NOT_FOUND, 'The deal is not known to contracts');
}

export function draftContract(request: WriteRequest, input: DraftContractInput): Promise<ContractResult> {
  const { identity } = request;
  requireContractRole(identity, 'draft');
  const terms = contractTerms({ ...input, discountPercent: input.discountPercent ?? '0' });
  return contractWrites.create(request, {
    operation: 'contracts.draftContract',
    input,
    references: { deal: draftableDeal(identity, input.dealId) },
    rules: async (tx, { deal }) => {
      const contract = tx.create(Contract, {
        tenantId: identity.tenant,
        number: await nextContractNumber(tx, new Date()),
        companyId: deal.companyId,
        dealId: deal.id,
        ...terms,
      });
      return { entity: contract, events: [contractEvent(originOf(identity), contract, 'contract.drafted', {})] };
    },
  });
}

/** New terms for a DRAFT contract, or a REJECTED one back to DRAFT (both write `contract.drafted`). */
export function reviseContract(request: WriteRequest, input: ReviseContractInput): Promise<ContractResult> {
  requireContractRole(request.identity, 'draft');
  return changeContract(request, 'contracts.reviseContract', input, (_tx, contract) => {
    if (contract.status !== ContractStatus.DRAFT) transition(contract, ContractStatus.DRAFT);
    Object.assign(
      contract,
      contractTerms({
        planType: input.planType ?? contract.planType,
        monthlyPremiumPerLife: input.monthlyPremiumPerLife ?? contract.monthlyPremiumPerLife,
        contractedLives: input.contractedLives ?? contract.contractedLives,
        discountPercent: input.discountPercent ?? contract.discountPercent,
        startDate: input.startDate ?? contract.startDate,
        endDate: input.endDate ?? contract.endDate,
      }),
    );
    contract.rejectionReason = null;
    return [contractEvent(originOf(request.identity), contract, 'contract.drafted', {})];
  });
}

/** DRAFT -> PENDING_APPROVAL (asking workflows for an approval), or straight to APPROVED when AUTO. */
export function submitContract(request: WriteRequest, input: ContractVersionInput): Promise<ContractResult> {
  requireContractRole(request.identity, 'draft');
  return changeContract(request, 'contracts.submitContract', input, (_tx, contract) => {
    const origin = originOf(request.identity);
    transition(contract, ContractStatus.PENDING_APPROVAL);
    const submitted = contractEvent(origin, contract, 'contract.submitted', {});
    if (contract.approvalLevel === ApprovalLevel.AUTO) {
      transition(contract, ContractStatus.APPROVED);
      contract.approvedBy = null;
      return [submitted, contractEvent(origin, contract, 'contract.approved', { approvedBy: null })];
    }
    const approvalLevel = contract.approvalLevel;
    return [submitted, contractEvent(origin, contract, 'contract.approval_requested', { approvalLevel })];
  });
}

/** APPROVED -> SENT_FOR_SIGNATURE: opens an envelope at the signature provider. */
export function sendContractForSignature(
  request: WriteRequest,
  provider: SignatureProvider,
  input: SendContractForSignatureInput,
): Promise<ContractResult> {
  const { identity } = request;
  requireContractRole(identity, 'send');
  const signers = signersOf(input.signers);
  return changeContract(request, 'contracts.sendContractForSignature', input, async (_tx, contract) => {
    transition(contract, ContractStatus.SENT_FOR_SIGNATURE);
    // A later rollback leaves an unused envelope at the provider; it expires there unsigned.
    const { envelopeId } = await provider.createEnvelope({
      tenantId: identity.tenant,
      contractId: contract.id,
      contractNumber: contract.number,
      signers,
      terms: envelopeTermsOf(contract),
    });
    contract.signature = Object.assign(new ContractSignature(), {
      provider: provider.name,
      envelopeId,
      signers: signers.map((signer) => ({ ...signer, signedAt: null })),
      status: SignatureStatus.SENT,
      signedAt: null,
    });
    return [
      contractEvent(originOf(identity), contract, 'contract.sent_for_signature', {
        provider: provider.name,
        envelopeId,
      }),
    ];
  });
}

/** SIGNED or SUSPENDED -> ACTIVE, only while the deal is CLOSED_WON. */
export function activateContract(request: WriteRequest, input: ContractVersionInput): Promise<ContractResult> {
  requireContractRole(request.identity, 'operate');
  return changeContract(request, 'contracts.activateContract', input, async (tx, contract) => {
    transition(contract, ContractStatus.ACTIVE);
    const deal = await dealOf(tx, contract.dealId);
    if (deal.stage !== 'CLOSED_WON')
      refuse(
        ContractProblemReason.DEAL_NOT_WON,
        `The deal is in ${deal.stage}; a contract is activated only when its deal is CLOSED_WON`,
      );
    return [contractEvent(originOf(request.identity), contract, 'contract.activated', {})];
  });
}

/** ACTIVE <-> SUSPENDED -> TERMINATED changes, which carry an optional reason. */
function changeWithReason(
  request: WriteRequest,
  input: ChangeContractStatusInput,
  to: ContractStatus.SUSPENDED | ContractStatus.TERMINATED,
): Promise<ContractResult> {
  requireContractRole(request.identity, 'operate');
  const reason = optionalReason(input.reason);
  const suspending = to === ContractStatus.SUSPENDED;
  const operation = suspending ? 'contracts.suspendContract' : 'contracts.terminateContract';
  return changeContract(request, operation, input, (_tx, contract) => {
    transition(contract, to);
    const eventType = suspending ? 'contract.suspended' : 'contract.terminated';
    return [contractEvent(originOf(request.identity), contract, eventType, { reason })];
  });
}

export const suspendContract = (request: WriteRequest, input: ChangeContractStatusInput) =>
  changeWithReason(request, input, ContractStatus.SUSPENDED);

export const terminateContract = (request: WriteRequest, input: ChangeContractStatusInput) =>
  changeWithReason(request, input, ContractStatus.TERMINATED);
