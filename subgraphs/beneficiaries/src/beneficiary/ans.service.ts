import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { appError, badInput } from '@salesgraph/errors';
import { refuse, requireUuid, type WriteRequest } from '@salesgraph/write';
import { ContractSnapshot } from '../contract-snapshot/contract-snapshot.entity.js';
import { AnsStatus, Beneficiary } from './beneficiary.entity.js';
import { AnsOutcome, type RecordAnsOutcomeInput } from './beneficiary.inputs.js';
import {
  BeneficiaryProblemReason,
  ansSubmissions,
  beneficiaryWrites,
  type AnsSubmissionResult,
  type BeneficiaryResult,
} from './beneficiary.results.js';
import { businessDate } from './beneficiary.dates.js';
import { beneficiaryEvent } from './beneficiary.events.js';
import { snapshotContract } from './beneficiary.enrollment.js';
import { ansBatchXml } from './ans.xml.js';
import { AnsBatchInvalid } from '../ans-transmission/ans-batch.schema.js';

/** A batch about to be submitted: its id, contract and XML (before signing). */
export interface AnsBatchToSeal {
  readonly batchId: string;
  readonly contractId: string;
  readonly xml: string;
  readonly beneficiaryCount: number;
}

export interface AnsSettings {
  readonly operatorRegistration: string;
  /**
   * Run inside the submission's transaction before anything is written: validates the batch
   * against the XSD and, when a transport is configured, signs and queues it for sending
   * (ans-transmission/). Throws AnsBatchInvalid to refuse the batch: nothing is submitted.
   */
  readonly seal?: (tx: EntityManager, batch: AnsBatchToSeal) => Promise<void>;
}

/** The contract's beneficiaries waiting for ANS: PENDING, active and not erased, in inclusion order. */
async function pendingOf(em: EntityManager, contractId: string) {
  const contract = await em.findOne(ContractSnapshot, { id: requireUuid('contractId', contractId) });
  if (!contract) throw appError('NOT_FOUND', 'Contract not found', { field: 'contractId' });
  const pending = await em.find(
    Beneficiary,
    { contractId, ansStatus: AnsStatus.PENDING, removedAt: null, erasedAt: null },
    { orderBy: { includedAt: 'asc', id: 'asc' } },
  );
  return { contract, pending };
}

function xmlFor(settings: AnsSettings, contract: ContractSnapshot, pending: readonly Beneficiary[]): string {
  return ansBatchXml({
    operatorRegistration: settings.operatorRegistration,
    sendDate: businessDate(new Date()),
    contractNumber: contract.number,
    planType: contract.planType,
    people: pending.map((b) => ({
      cpf: b.cpf!,
      name: b.name,
      birthDate: b.birthDate!,
      inclusionDate: b.inclusionDate,
    })),
  });
}

/** The XML of the contract's PENDING beneficiaries; changes nothing. */
export async function ansBatch(em: EntityManager, settings: AnsSettings, contractId: string): Promise<string> {
  const { contract, pending } = await pendingOf(em, contractId);
  return xmlFor(settings, contract, pending);
}

/** Marks the contract's PENDING beneficiaries SUBMITTED in one batch and returns the XML sent. */
export function submitAnsBatch(
  request: WriteRequest,
  settings: AnsSettings,
  contractId: string,
): Promise<AnsSubmissionResult> {
  return ansSubmissions.create(request, {
    operation: 'beneficiaries.submitAnsBatch',
    input: { contractId },
    references: { contract: snapshotContract(contractId) },
    rules: async (tx, { contract }) => {
      const { pending } = await pendingOf(tx, contract.id);
      if (!pending.length)
        refuse(BeneficiaryProblemReason.NOTHING_TO_SUBMIT, 'No beneficiary of this contract is PENDING');
      const batchId = randomUUID();
      const xml = xmlFor(settings, contract, pending);
      try {
        await settings.seal?.(tx, { batchId, contractId: contract.id, xml, beneficiaryCount: pending.length });
      } catch (error) {
        // A batch that fails our XSD is never stored or sent: the caller learns why.
        if (error instanceof AnsBatchInvalid) refuse(BeneficiaryProblemReason.INVALID_ANS_BATCH, error.message);
        throw error;
      }
      const submittedAt = new Date();
      const events = pending.map((beneficiary) => {
        const version = beneficiary.version + 1;
        Object.assign(beneficiary, {
          ansStatus: AnsStatus.SUBMITTED,
          ansBatchId: batchId,
          ansSubmittedAt: submittedAt,
        });
        return beneficiaryEvent(request.identity, beneficiary, 'beneficiary.ans_submitted', version, { batchId });
      });
      return { entities: pending, events, extra: { batchId, xml } };
    },
  });
}

/** SUBMITTED -> REGISTERED (with the ANS registration id) or REJECTED (with the reason). */
export function recordAnsOutcome(request: WriteRequest, input: RecordAnsOutcomeInput): Promise<BeneficiaryResult> {
  const registrationId = input.registrationId?.trim() || null;
  const reason = input.reason?.trim() || null;
  if (input.outcome === AnsOutcome.REGISTERED && !registrationId)
    throw badInput('registrationId', 'required when REGISTERED');
  if (input.outcome === AnsOutcome.REJECTED && !reason) throw badInput('reason', 'required when REJECTED');
  return beneficiaryWrites.change(request, {
    operation: 'beneficiaries.recordAnsOutcome',
    input,
    target: input,
    rules: (_tx, beneficiary) => {
      if (beneficiary.ansStatus !== AnsStatus.SUBMITTED)
        refuse(
          BeneficiaryProblemReason.INVALID_ANS_TRANSITION,
          `Only a SUBMITTED beneficiary can be ${input.outcome}; this one is ${beneficiary.ansStatus}`,
        );
      const version = beneficiary.version + 1;
      if (input.outcome === AnsOutcome.REGISTERED) {
        Object.assign(beneficiary, { ansStatus: AnsStatus.REGISTERED, ansRegistrationId: registrationId });
        const registered = beneficiaryEvent(request.identity, beneficiary, 'beneficiary.ans_registered', version, {
          registrationId: registrationId!,
        });
        return { entity: beneficiary, events: [registered] };
      }
      Object.assign(beneficiary, { ansStatus: AnsStatus.REJECTED, ansRejectionReason: reason });
      const rejected = beneficiaryEvent(request.identity, beneficiary, 'beneficiary.ans_rejected', version, {
        reason: reason!,
      });
      return { entity: beneficiary, events: [rejected] };
    },
  });
}
