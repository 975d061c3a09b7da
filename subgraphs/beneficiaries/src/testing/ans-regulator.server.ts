import { randomInt } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { DOMParser } from '@xmldom/xmldom';
import { closeHttpServer, listen } from '@salesgraph/http';
import { verifyAnsBatchSignature } from '../ans-transmission/ans-batch.signature.js';
import { SIB_NS } from '../ans-transmission/ans-transport.js';
import type { TestCertificate } from './test-certificate.js';

const SOAP_NS = 'http://schemas.xmlsoap.org/soap/envelope/';

/** A batch the regulator received: its protocol and the people in it. */
export interface ReceivedBatch {
  readonly protocol: string;
  readonly batchId: string;
  readonly signedXml: string;
  readonly cpfs: readonly string[];
  /** consultarRetorno calls so far (the first answers EM_PROCESSAMENTO). */
  queries: number;
}

export interface AnsRegulator {
  readonly url: string;
  readonly batches: readonly ReceivedBatch[];
  /** SOAP calls by operation, in order (failed ones included). */
  readonly calls: readonly string[];
  /** The next calls of `operation` fail with a soap:Server fault. */
  failNext(operation: 'enviarLote' | 'consultarRetorno', times: number): void;
  /** Signatures are checked against this certificate from now on (the operator's at first). */
  expectSignaturesBy(certificate: TestCertificate): void;
  /** ANS will reject this person of any batch, with this reason. */
  reject(cpf: string, reason: string): void;
  close(): Promise<void>;
}

const soap = (body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><soap:Envelope xmlns:soap="${SOAP_NS}" xmlns:sib="${SIB_NS}"><soap:Body>${body}</soap:Body></soap:Envelope>`;
const fault = (code: 'Client' | 'Server', reason: string) =>
  soap(`<soap:Fault><faultcode>soap:${code}</faultcode><faultstring>${reason}</faultstring></soap:Fault>`);

/**
 * A local stand-in for the regulator's SOAP service (SOAP 1.1 over HTTPS; the client must
 * present the operator's certificate): `enviarLote` checks the batch's XML-DSig signature
 * against that certificate (soap:Client fault when it does not verify) and answers a protocol
 * number; `consultarRetorno` answers EM_PROCESSAMENTO once, then PROCESSADO with every person
 * ACEITO (with a CCO) or REJEITADO (with the reason given to `reject`).
 */
export async function startAnsRegulator(server: TestCertificate, operator: TestCertificate): Promise<AnsRegulator> {
  const batches: ReceivedBatch[] = [];
  const calls: string[] = [];
  const failures = new Map<string, number>();
  const rejections = new Map<string, string>();
  let signer = operator;

  const handle = (operation: string, body: ReturnType<DOMParser['parseFromString']>): [number, string] => {
    const value = (name: string) => body.getElementsByTagNameNS(SIB_NS, name)[0]?.textContent?.trim() ?? '';
    const pending = failures.get(operation) ?? 0;
    if (pending > 0) {
      failures.set(operation, pending - 1);
      return [500, fault('Server', 'Servico temporariamente indisponivel')];
    }
    if (operation === 'enviarLote') {
      const signedXml = Buffer.from(value('mensagem'), 'base64').toString('utf8');
      if (!verifyAnsBatchSignature(signedXml, signer.certificatePem))
        return [500, fault('Client', 'Assinatura digital invalida')];
      const cpfs = [...signedXml.matchAll(/<cpf>(\d{11})<\/cpf>/g)].map((match) => match[1]!);
      const protocol = String(randomInt(10 ** 11, 10 ** 12));
      batches.push({ protocol, batchId: value('loteId'), signedXml, cpfs, queries: 0 });
      return [
        200,
        soap(
          `<sib:protocoloRecebimento><sib:numeroProtocolo>${protocol}</sib:numeroProtocolo><sib:dataRecebimento>${new Date().toISOString()}</sib:dataRecebimento></sib:protocoloRecebimento>`,
        ),
      ];
    }
    if (operation === 'consultarRetorno') {
      const batch = batches.find((candidate) => candidate.protocol === value('numeroProtocolo'));
      if (!batch) return [500, fault('Client', 'Protocolo desconhecido')];
      batch.queries += 1;
      const head = `<sib:numeroProtocolo>${batch.protocol}</sib:numeroProtocolo>`;
      if (batch.queries === 1)
        return [
          200,
          soap(`<sib:retornoLote>${head}<sib:situacaoLote>EM_PROCESSAMENTO</sib:situacaoLote></sib:retornoLote>`),
        ];
      const people = batch.cpfs
        .map((cpf, index) => {
          const reason = rejections.get(cpf);
          return reason
            ? `<sib:beneficiario><sib:cpf>${cpf}</sib:cpf><sib:situacao>REJEITADO</sib:situacao><sib:motivo>${reason}</sib:motivo></sib:beneficiario>`
            : `<sib:beneficiario><sib:cpf>${cpf}</sib:cpf><sib:situacao>ACEITO</sib:situacao><sib:cco>${batch.protocol.slice(-6)}${String(index + 1).padStart(4, '0')}</sib:cco></sib:beneficiario>`;
        })
        .join('');
      return [
        200,
        soap(`<sib:retornoLote>${head}<sib:situacaoLote>PROCESSADO</sib:situacaoLote>${people}</sib:retornoLote>`),
      ];
    }
    return [500, fault('Client', `Operacao desconhecida: ${operation}`)];
  };

  const https: Server = createServer(
    { key: server.privateKeyPem, cert: server.certificatePem, ca: operator.certificatePem, requestCert: true },
    (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const operation = String(req.headers['soapaction'] ?? '').replaceAll('"', '');
        calls.push(operation);
        const [status, body] = (req.socket as TLSSocket).authorized
          ? handle(operation, new DOMParser().parseFromString(Buffer.concat(chunks).toString('utf8'), 'text/xml'))
          : [403, fault('Client', 'Certificado do cliente ausente ou nao confiavel')];
        res.writeHead(status, { 'content-type': 'text/xml; charset=utf-8' });
        res.end(body);
      });
    },
  );
  const port = await listen(https, 0, '127.0.0.1');
  return {
    url: `https://127.0.0.1:${port}/sib`,
    batches,
    calls,
    failNext: (operation, times) => failures.set(operation, times),
    reject: (cpf, reason) => rejections.set(cpf, reason),
    expectSignaturesBy: (certificate) => {
      signer = certificate;
    },
    close: () => closeHttpServer(https),
  };
}
