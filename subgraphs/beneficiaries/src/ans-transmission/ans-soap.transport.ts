import { DOMParser } from '@xmldom/xmldom';
import { Agent, request } from 'undici';
import { RetryableError } from '@salesgraph/retry';
import {
  AnsRefused,
  SIB_NS,
  parseAnsAnswer,
  type AnsAnswer,
  type AnsReceipt,
  type AnsSubmission,
  type AnsTransport,
} from './ans-transport.js';

const SOAP_NS = 'http://schemas.xmlsoap.org/soap/envelope/';

export interface SoapTransportSettings {
  readonly url: string;
  /** The operator's ICP-Brasil certificate, presented as the TLS client certificate. */
  readonly clientKeyPem: string;
  readonly clientCertificatePem: string;
  /** Trusted roots for the regulator's server certificate (the system's when absent). */
  readonly caPem?: string;
  readonly timeoutMs: number;
}

const envelope = (operation: string, body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<soap:Envelope xmlns:soap="${SOAP_NS}" xmlns:sib="${SIB_NS}"><soap:Body><sib:${operation}>${body}</sib:${operation}></soap:Body></soap:Envelope>`;

/**
 * The SOAP transport (SOAP 1.1 over HTTPS with the operator's certificate as the client
 * certificate): `enviarLote { loteId, mensagem (the signed batch, base64) }` answers
 * `protocoloRecebimento { numeroProtocolo }`; `consultarRetorno { numeroProtocolo }` answers
 * a `retornoLote`. A soap:Server fault, 5xx or a network failure is worth retrying; a
 * soap:Client fault is AnsRefused.
 */
export class SoapAnsTransport implements AnsTransport {
  readonly name = 'soap';
  private readonly agent: Agent;

  constructor(private readonly settings: SoapTransportSettings) {
    this.agent = new Agent({
      connect: {
        key: settings.clientKeyPem,
        cert: settings.clientCertificatePem,
        ...(settings.caPem ? { ca: settings.caPem } : {}),
      },
    });
  }

  async send(submission: AnsSubmission): Promise<AnsReceipt> {
    const body = `<sib:loteId>${submission.batchId}</sib:loteId><sib:mensagem>${Buffer.from(submission.signedXml, 'utf8').toString('base64')}</sib:mensagem>`;
    const response = await this.call('enviarLote', body);
    const protocol = new DOMParser()
      .parseFromString(response, 'text/xml')
      .getElementsByTagNameNS(SIB_NS, 'numeroProtocolo')[0]
      ?.textContent?.trim();
    if (!protocol) throw new RetryableError('ANS answered without a protocol number');
    return { protocol, receiptXml: response };
  }

  async fetchAnswer(batch: { readonly protocol: string | null }): Promise<AnsAnswer | null> {
    if (!batch.protocol) return null;
    return parseAnsAnswer(
      await this.call('consultarRetorno', `<sib:numeroProtocolo>${batch.protocol}</sib:numeroProtocolo>`),
    );
  }

  close(): Promise<void> {
    return this.agent.close();
  }

  private async call(operation: string, body: string): Promise<string> {
    let status: number;
    let text: string;
    try {
      const response = await request(this.settings.url, {
        method: 'POST',
        dispatcher: this.agent,
        headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${operation}"` },
        body: envelope(operation, body),
        headersTimeout: this.settings.timeoutMs,
        bodyTimeout: this.settings.timeoutMs,
      });
      status = response.statusCode;
      text = await response.body.text();
    } catch (error) {
      throw new RetryableError(`ANS unreachable: ${(error as Error).name}`);
    }
    const fault = new DOMParser().parseFromString(text, 'text/xml').getElementsByTagNameNS(SOAP_NS, 'Fault')[0];
    if (fault) {
      const code = fault.getElementsByTagName('faultcode')[0]?.textContent ?? '';
      const reason = fault.getElementsByTagName('faultstring')[0]?.textContent ?? 'no reason given';
      if (/Client$/.test(code)) throw new AnsRefused(`ANS refused ${operation}: ${reason}`);
      throw new RetryableError(`ANS failed ${operation}: ${reason}`);
    }
    if (status >= 500 || status === 429) throw new RetryableError(`ANS answered ${status} to ${operation}`);
    if (status >= 400) throw new AnsRefused(`ANS answered ${status} to ${operation}`);
    return text;
  }
}
