import type { EntityManager } from '@mikro-orm/postgresql';
import type { Identity } from '@salesgraph/auth';
import { DealSnapshot } from '../deal-snapshot/deal-snapshot.entity.js';
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
import { ContractProblemError, ContractProblemReason, type ContractResult } from './contract.results.js';
import { requireContractRole, requireDealAccess } from './contract.access.js';
import { recordContractEvent, type EventOrigin } from './contract.events.js';
import { nextContractNumber } from './contract.number.js';
import { contractTerms, requireUuid } from './contract.terms.js';
import { changeContract, inTransaction, transition } from './contract.change.js';
import { signersOf, optionalReason } from './contract.validation.js';

const DRAFTABLE_DEAL_STAGES: ReadonlySet<string> = new Set(['NEGOTIATION', 'CLOSED_WON']);

const originOf = (identity: Identity): EventOrigin => ({ tenantId: identity.tenant, actor: identity.sub });

async function dealOf(em: EntityManager, dealId: string): Promise<DealSnapshot> {
  const deal = await em.findOne(DealSnapshot, { id: dealId });
  if (!deal)
    throw new ContractProblemError(ContractProblemReason.DEAL_NOT_FOUND, 'The deal is not known to contracts (yet)');
  return deal;
}

export function draftContract(
  em: EntityManager,
  identity: Identity,
  input: DraftContractInput,
): Promise<ContractResult> {
  requireContractRole(identity, 'draft');
  const dealId = requireUuid('dealId', input.dealId);
  const terms = contractTerms({ ...input, discountPercent: input.discountPercent ?? '0' });
  return inTransaction(em, async (tx) => {
    const deal = await dealOf(tx, dealId);
    requireDealAccess(identity, deal);
    if (!DRAFTABLE_DEAL_STAGES.has(deal.stage)) {
      throw new ContractProblemError(
        ContractProblemReason.DEAL_STAGE_NOT_ELIGIBLE,
        `The deal is in ${deal.stage}; contracts are drafted in NEGOTIATION or CLOSED_WON`,
      );
    }
    const contract = tx.create(Contract, {
      tenantId: identity.tenant,
      number: await nextContractNumber(tx, new Date()),
      companyId: deal.companyId,
      dealId,
      ...terms,
    });
    const eventId = recordContractEvent(tx, originOf(identity), contract, 'contract.drafted', {});
    await tx.flush();
    return { contract, problem: null, eventId };
  });
}

/** New terms for a DRAFT contract, or a REJECTED one back to DRAFT (both write `contract.drafted`). */
export function reviseContract(
  em: EntityManager,
  identity: Identity,
  input: ReviseContractInput,
): Promise<ContractResult> {
  requireContractRole(identity, 'draft');
  return changeContract(em, identity, input, async (tx, contract) => {
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
    return recordContractEvent(tx, originOf(identity), contract, 'contract.drafted', {});
  });
}

/** DRAFT -> PENDING_APPROVAL (asking workflows for an approval), or straight to APPROVED when AUTO. */
export function submitContract(
  em: EntityManager,
  identity: Identity,
  input: ContractVersionInput,
): Promise<ContractResult> {
  requireContractRole(identity, 'draft');
  return changeContract(em, identity, input, async (tx, contract) => {
    transition(contract, ContractStatus.PENDING_APPROVAL);
    const origin = originOf(identity);
    recordContractEvent(tx, origin, contract, 'contract.submitted', {});
    if (contract.approvalLevel === ApprovalLevel.AUTO) {
      transition(contract, ContractStatus.APPROVED);
      contract.approvedBy = null;
      return recordContractEvent(tx, origin, contract, 'contract.approved', { approvedBy: null });
    }
    return recordContractEvent(tx, origin, contract, 'contract.approval_requested', {
      approvalLevel: contract.approvalLevel,
    });
  });
}

/** APPROVED -> SENT_FOR_SIGNATURE: opens an envelope at the signature provider. */
export function sendContractForSignature(
  em: EntityManager,
  identity: Identity,
  provider: SignatureProvider,
  input: SendContractForSignatureInput,
): Promise<ContractResult> {
  requireContractRole(identity, 'send');
  const signers = signersOf(input.signers);
  return changeContract(em, identity, input, async (tx, contract) => {
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
    return recordContractEvent(tx, originOf(identity), contract, 'contract.sent_for_signature', {
      provider: provider.name,
      envelopeId,
    });
  });
}

/** SIGNED or SUSPENDED -> ACTIVE, only while the deal is CLOSED_WON. */
export function activateContract(
  em: EntityManager,
  identity: Identity,
  input: ContractVersionInput,
): Promise<ContractResult> {
  requireContractRole(identity, 'operate');
  return changeContract(em, identity, input, async (tx, contract) => {
    transition(contract, ContractStatus.ACTIVE);
    const deal = await dealOf(tx, contract.dealId);
    if (deal.stage !== 'CLOSED_WON')
      throw new ContractProblemError(
        ContractProblemReason.DEAL_NOT_WON,
        `The deal is in ${deal.stage}; a contract is activated only when its deal is CLOSED_WON`,
      );
    return recordContractEvent(tx, originOf(identity), contract, 'contract.activated', {});
  });
}

/** ACTIVE <-> SUSPENDED -> TERMINATED changes, which carry an optional reason. */
function changeWithReason(
  em: EntityManager,
  identity: Identity,
  input: ChangeContractStatusInput,
  to: ContractStatus.SUSPENDED | ContractStatus.TERMINATED,
): Promise<ContractResult> {
  requireContractRole(identity, 'operate');
  const reason = optionalReason(input.reason);
  return changeContract(em, identity, input, async (tx, contract) => {
    transition(contract, to);
    const eventType = to === ContractStatus.SUSPENDED ? 'contract.suspended' : 'contract.terminated';
    return recordContractEvent(tx, originOf(identity), contract, eventType, { reason });
  });
}

export const suspendContract = (em: EntityManager, identity: Identity, input: ChangeContractStatusInput) =>
  changeWithReason(em, identity, input, ContractStatus.SUSPENDED);

export const terminateContract = (em: EntityManager, identity: Identity, input: ChangeContractStatusInput) =>
  changeWithReason(em, identity, input, ContractStatus.TERMINATED);
