import type { EntityManager } from '@mikro-orm/postgresql';
import type { Identity } from '@salesgraph/auth';
import { forkForTenant, tenantOf, type Orm } from '@salesgraph/orm';
import { RetryableError, backoffDelay, withRetry, type RetryPolicy } from '@salesgraph/retry';
import { AnsStatus, Beneficiary } from '../beneficiary/beneficiary.entity.js';
import { AnsOutcome } from '../beneficiary/beneficiary.inputs.js';
import { recordAnsOutcome, type AnsBatchToSeal } from '../beneficiary/ans.service.js';
import { validateAnsBatch } from './ans-batch.schema.js';
import { signAnsBatch, type SigningCertificate } from './ans-batch.signature.js';
import { AnsTransmission, AnsTransmissionStatus } from './ans-transmission.entity.js';
import { AnsRefused, type AnsAnswer, type AnsTransport } from './ans-transport.js';

/**
 * The seal every submitted batch goes through (AnsSettings.seal): the XSD first — an invalid
 * batch is refused and nothing is written or sent — then, when a transport is configured, the
 * XML-DSig signature and an AnsTransmission row (QUEUED) in the same transaction as the
 * beneficiaries becoming SUBMITTED. Without a transport (development) batches are validated only.
 */
export function ansBatchSeal(transmission: { transport: AnsTransport; certificate: SigningCertificate } | null) {
  return async (tx: EntityManager, batch: AnsBatchToSeal): Promise<void> => {
    await validateAnsBatch(batch.xml);
    if (!transmission) return;
    tx.create(AnsTransmission, {
      id: batch.batchId,
      tenantId: tenantOf(tx),
      contractId: batch.contractId,
      beneficiaryCount: batch.beneficiaryCount,
      transport: transmission.transport.name,
      batchXml: batch.xml,
      signedXml: signAnsBatch(batch.xml, transmission.certificate),
    });
  };
}

export interface AnsTransmitterDeps {
  readonly orm: Orm;
  readonly transport: AnsTransport;
  readonly retry: RetryPolicy;
  readonly onRetry?: (reason: string, attempt: number) => void;
}

/** Transmissions due for a step, across tenants (the one place this service reads them all). */
async function due(orm: Orm, status: AnsTransmissionStatus): Promise<{ id: string; tenant_id: string }[]> {
  return orm.em
    .getConnection()
    .execute(
      `select id, tenant_id from beneficiaries.ans_transmission where status = ? and next_attempt_at <= now() order by next_attempt_at limit 50`,
      [status],
    );
}

/**
 * Sends every QUEUED batch: the transport is tried with backoff (`retry`); on success the
 * protocol and receipt are stored (SENT). A batch still failing is tried again on a later pass
 * (nextAttemptAt backs off with its attempts); one ANS refuses is REFUSED with the reason.
 */
export async function sendQueuedBatches(deps: AnsTransmitterDeps): Promise<number> {
  let sent = 0;
  for (const row of await due(deps.orm, AnsTransmissionStatus.QUEUED)) {
    const em = forkForTenant(deps.orm.em, row.tenant_id);
    const transmission = await em.findOneOrFail(AnsTransmission, { id: row.id });
    transmission.attempts += 1;
    try {
      const receipt = await withRetry(
        () => deps.transport.send({ batchId: transmission.id, signedXml: transmission.signedXml }),
        { policy: deps.retry, onRetry: (error, attempt) => deps.onRetry?.(error.message, attempt) },
      );
      Object.assign(transmission, {
        status: AnsTransmissionStatus.SENT,
        protocol: receipt.protocol,
        receiptXml: receipt.receiptXml,
        sentAt: new Date(),
        nextAttemptAt: new Date(),
        lastError: null,
      });
      sent += 1;
    } catch (error) {
      if (!(error instanceof RetryableError) && !(error instanceof AnsRefused)) throw error;
      transmission.lastError = error.message;
      if (error instanceof AnsRefused) transmission.status = AnsTransmissionStatus.REFUSED;
      else postpone(transmission, deps.retry);
    } finally {
      await em.flush();
    }
  }
  return sent;
}

/**
 * Asks for the answer of every SENT batch; an answer is stored (ANSWERED) and applied to
 * each beneficiary of the batch through recordAnsOutcome (REGISTERED with the CCO, or
 * REJECTED with the reason), matched by CPF within the batch. Applying is idempotent: a
 * beneficiary no longer SUBMITTED is left as it is.
 */
export async function collectAnswers(deps: AnsTransmitterDeps): Promise<number> {
  let answered = 0;
  for (const row of await due(deps.orm, AnsTransmissionStatus.SENT)) {
    const em = forkForTenant(deps.orm.em, row.tenant_id);
    const transmission = await em.findOneOrFail(AnsTransmission, { id: row.id });
    let answer: AnsAnswer | null;
    try {
      answer = await withRetry(
        () => deps.transport.fetchAnswer({ batchId: transmission.id, protocol: transmission.protocol }),
        { policy: deps.retry, onRetry: (error, attempt) => deps.onRetry?.(error.message, attempt) },
      );
    } catch (error) {
      if (!(error instanceof RetryableError)) throw error;
      transmission.lastError = error.message;
      postpone(transmission, deps.retry);
      await em.flush();
      continue;
    }
    if (!answer) continue;
    await applyAnswer(forkForTenant(deps.orm.em, row.tenant_id), row.tenant_id, transmission.id, answer);
    Object.assign(transmission, {
      status: AnsTransmissionStatus.ANSWERED,
      protocol: transmission.protocol ?? answer.protocol,
      answerXml: answer.answerXml,
      answeredAt: new Date(),
    });
    await em.flush();
    answered += 1;
  }
  return answered;
}

/** The next pass tries again after a backoff that grows with the attempts so far. */
function postpone(transmission: AnsTransmission, retry: RetryPolicy): void {
  transmission.nextAttemptAt = new Date(Date.now() + backoffDelay(retry, transmission.attempts));
}

async function applyAnswer(em: EntityManager, tenant: string, batchId: string, answer: AnsAnswer): Promise<void> {
  const identity: Identity = { sub: 'ans-transmission', tenant, roles: [], scopes: [] };
  const inBatch = await em.find(Beneficiary, { ansBatchId: batchId, ansStatus: AnsStatus.SUBMITTED });
  const byCpf = new Map(inBatch.filter((b) => b.cpf).map((b) => [b.cpf!, b]));
  for (const entry of answer.entries) {
    const beneficiary = byCpf.get(entry.cpf);
    if (!beneficiary) continue;
    await recordAnsOutcome(forkForTenant(em, tenant), identity, {
      id: beneficiary.id,
      version: beneficiary.version,
      outcome: entry.outcome === 'REGISTERED' ? AnsOutcome.REGISTERED : AnsOutcome.REJECTED,
      registrationId: entry.registrationId,
      reason: entry.reason,
    });
  }
}
