import { DOMParser, type Element } from '@xmldom/xmldom';

/** The namespace of our SIB messages to and from the regulator (see schemas/ans-batch.xsd). */
export const SIB_NS = 'urn:salesgraph:ans-sib';

/** A signed batch on its way to ANS. */
export interface AnsSubmission {
  readonly batchId: string;
  readonly signedXml: string;
}

/** What ANS said on receiving a batch: its protocol number (null for a file drop: it comes with the answer). */
export interface AnsReceipt {
  readonly protocol: string | null;
  /** The regulator's acknowledgement as received, kept for audit. */
  readonly receiptXml: string | null;
}

/** The regulator's decision on one person of the batch. */
export interface AnsAnswerEntry {
  readonly cpf: string;
  readonly outcome: 'REGISTERED' | 'REJECTED';
  /** The CCO ANS gives a registered person. */
  readonly registrationId: string | null;
  readonly reason: string | null;
}

/** The processed batch: accepted or rejected per person. */
export interface AnsAnswer {
  readonly protocol: string;
  readonly entries: readonly AnsAnswerEntry[];
  /** The answer as received, kept for audit. */
  readonly answerXml: string;
}

/** ANS refused the batch itself (a SOAP Client fault: bad signature, unknown operator): sending again will not help. */
export class AnsRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AnsRefused';
  }
}

/**
 * How batches reach the regulator and how its answers come back. Implementations throw a
 * RetryableError for passing failures (5xx, network, a SOAP Server fault) and AnsRefused
 * when ANS will not take the batch.
 */
export interface AnsTransport {
  readonly name: 'soap' | 'file-drop';
  send(submission: AnsSubmission): Promise<AnsReceipt>;
  /** The answer to a sent batch, or null while ANS is still processing it. */
  fetchAnswer(batch: { readonly batchId: string; readonly protocol: string | null }): Promise<AnsAnswer | null>;
}

const text = (parent: Element, name: string): string | null =>
  parent.getElementsByTagNameNS(SIB_NS, name)[0]?.textContent?.trim() || null;

/**
 * Reads a `retornoLote` (the same document over SOAP and in a file drop):
 * numeroProtocolo, situacao (EM_PROCESSAMENTO | PROCESSADO), and per person cpf, situacao
 * (ACEITO | REJEITADO), cco, motivo. Null while EM_PROCESSAMENTO.
 */
export function parseAnsAnswer(xml: string): AnsAnswer | null {
  const document = new DOMParser().parseFromString(xml, 'text/xml');
  const answer = document.getElementsByTagNameNS(SIB_NS, 'retornoLote')[0];
  if (!answer) throw new Error('The answer has no retornoLote');
  const protocol = text(answer, 'numeroProtocolo');
  const state = answer.getElementsByTagNameNS(SIB_NS, 'situacaoLote')[0]?.textContent?.trim();
  if (state === 'EM_PROCESSAMENTO') return null;
  if (state !== 'PROCESSADO' || !protocol) throw new Error('The answer is neither processing nor processed');
  const entries = Array.from(answer.getElementsByTagNameNS(SIB_NS, 'beneficiario')).map((person): AnsAnswerEntry => {
    const accepted = text(person, 'situacao') === 'ACEITO';
    return {
      cpf: text(person, 'cpf') ?? '',
      outcome: accepted ? 'REGISTERED' : 'REJECTED',
      registrationId: accepted ? text(person, 'cco') : null,
      reason: accepted ? null : (text(person, 'motivo') ?? 'Rejeitado pela ANS'),
    };
  });
  return { protocol, entries, answerXml: xml };
}
