import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Identity } from '@salesgraph/auth';
import { appError, badInput } from '@salesgraph/errors';
import { isStaleVersion } from '@salesgraph/orm';
import { ContractSnapshot } from '../contract-snapshot/contract-snapshot.entity.js';
import { AnsStatus, Beneficiary } from './beneficiary.entity.js';
import { AnsOutcome, type RecordAnsOutcomeInput } from './beneficiary.inputs.js';
import {
  BeneficiaryProblemReason,
  beneficiaryProblem,
  type AnsSubmissionResult,
  type BeneficiaryResult,
} from './beneficiary.results.js';
import { businessDate } from './beneficiary.dates.js';
import { recordBeneficiaryEvent } from './beneficiary.events.js';
import { requireBeneficiaryId } from './beneficiary.service.js';
import { UUID } from './beneficiary.validation.js';
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
  if (!UUID.test(contractId)) throw badInput('contractId', 'must be a contract id (uuid)');
  const contract = await em.findOne(ContractSnapshot, { id: contractId });
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
export async function submitAnsBatch(
  em: EntityManager,
  identity: Identity,
  settings: AnsSettings,
  contractId: string,
): Promise<AnsSubmissionResult> {
  const refused = (reason: BeneficiaryProblemReason, message: string): AnsSubmissionResult => ({
    batchId: null,
    xml: null,
    submitted: [],
    problem: { reason, message },
    eventIds: [],
  });
  try {
    return await em.transactional(async (tx) => {
      const { contract, pending } = await pendingOf(tx, contractId);
      if (!pending.length)
        return refused(BeneficiaryProblemReason.NOTHING_TO_SUBMIT, 'No beneficiary of this contract is PENDING');
      const batchId = randomUUID();
      const xml = xmlFor(settings, contract, pending);
      await settings.seal?.(tx, { batchId, contractId, xml, beneficiaryCount: pending.length });
      const submittedAt = new Date();
      const eventIds = pending.map((beneficiary) => {
        const version = beneficiary.version + 1;
        Object.assign(beneficiary, {
          ansStatus: AnsStatus.SUBMITTED,
          ansBatchId: batchId,
          ansSubmittedAt: submittedAt,
        });
        return recordBeneficiaryEvent(tx, identity, beneficiary, 'beneficiary.ans_submitted', version, { batchId });
      });
      await tx.flush();
      return { batchId, xml, submitted: pending, problem: null, eventIds };
    });
  } catch (error) {
    if (isStaleVersion(error))
      return refused(BeneficiaryProblemReason.STALE_VERSION, 'A beneficiary changed meanwhile; retry');
    if (error instanceof AnsBatchInvalid) return refused(BeneficiaryProblemReason.INVALID_ANS_BATCH, error.message);
    throw error;
  }
}

/** SUBMITTED -> REGISTERED (with the ANS registration id) or REJECTED (with the reason). */
export async function recordAnsOutcome(
  em: EntityManager,
  identity: Identity,
  input: RecordAnsOutcomeInput,
): Promise<BeneficiaryResult> {
  const registrationId = input.registrationId?.trim() || null;
  const reason = input.reason?.trim() || null;
  if (input.outcome === AnsOutcome.REGISTERED && !registrationId)
    throw badInput('registrationId', 'required when REGISTERED');
  if (input.outcome === AnsOutcome.REJECTED && !reason) throw badInput('reason', 'required when REJECTED');
  try {
    return await em.transactional(async (tx) => {
      const beneficiary = await tx.findOne(Beneficiary, { id: requireBeneficiaryId(input.id) });
      if (!beneficiary) throw appError('NOT_FOUND', 'Beneficiary not found', { field: 'id' });
      if (beneficiary.version !== input.version)
        return beneficiaryProblem(
          BeneficiaryProblemReason.STALE_VERSION,
          `The beneficiary is at version ${beneficiary.version}; re-read it and retry`,
        );
      if (beneficiary.ansStatus !== AnsStatus.SUBMITTED) {
        return beneficiaryProblem(
          BeneficiaryProblemReason.INVALID_ANS_TRANSITION,
          `Only a SUBMITTED beneficiary can be ${input.outcome}; this one is ${beneficiary.ansStatus}`,
        );
      }
      const version = beneficiary.version + 1;
      let eventId: string;
      if (input.outcome === AnsOutcome.REGISTERED) {
        Object.assign(beneficiary, { ansStatus: AnsStatus.REGISTERED, ansRegistrationId: registrationId });
        eventId = recordBeneficiaryEvent(tx, identity, beneficiary, 'beneficiary.ans_registered', version, {
          registrationId: registrationId!,
        });
      } else {
        Object.assign(beneficiary, { ansStatus: AnsStatus.REJECTED, ansRejectionReason: reason });
        eventId = recordBeneficiaryEvent(tx, identity, beneficiary, 'beneficiary.ans_rejected', version, {
          reason: reason!,
        });
      }
      await tx.flush();
      return { beneficiary, problem: null, eventId };
    });
  } catch (error) {
    if (isStaleVersion(error))
      return beneficiaryProblem(
        BeneficiaryProblemReason.STALE_VERSION,
        'The beneficiary changed meanwhile; re-read it and retry',
      );
    throw error;
  }
}
