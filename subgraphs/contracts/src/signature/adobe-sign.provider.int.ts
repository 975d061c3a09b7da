import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RetryableError } from '@salesgraph/retry';
import { startAdobeSignApi, type AdobeSignApi } from '../testing/adobe-sign-api.server.js';
import { pdfText } from '../testing/pdf-text.js';
import { AdobeSignClient, AdobeSignError } from './adobe-sign.client.js';
import { AdobeSignProvider } from './adobe-sign.provider.js';
import type { EnvelopeRequest } from './signature-provider.js';

const request: EnvelopeRequest = {
  tenantId: 'tenant-a',
  contractId: '6f1d2c1e-6a55-4a43-9f43-2b7c1f1f0a01',
  contractNumber: 'CT-2027-000042',
  signers: [
    { name: 'Ana Souza', email: 'ana.souza@example.com' },
    { name: 'Bruno Lima', email: 'bruno.lima@example.com' },
  ],
  terms: {
    companyId: '0b7a1d8e-3c5f-4e1a-9d2b-8f6e5c4b3a21',
    dealId: '1c8b2e9f-4d6a-4f2b-8e3c-9a7f6d5c4b32',
    planType: 'HOSPITALAR',
    contractedLives: 120,
    monthlyPremiumPerLife: '450.00',
    discountPercent: '5.00',
    monthlyValue: '51300.00',
    annualValue: '615600.00',
    startDate: '2027-02-01',
    endDate: '2028-01-31',
  },
};

describe('Adobe Sign provider against a local Acrobat Sign REST v6 server', () => {
  let api: AdobeSignApi;
  let retries: string[];
  const providerFor = (attempts = 4) => {
    const client = new AdobeSignClient(
      {
        apiUrl: api.url,
        clientId: api.clientId,
        clientSecret: api.clientSecret,
        refreshToken: api.refreshToken,
        retry: { attempts, baseDelayMs: 5, maxDelayMs: 40 },
        timeoutMs: 5_000,
      },
      (reason) => retries.push(reason),
    );
    return new AdobeSignProvider({ client, clientId: api.clientId, operatorName: 'Operadora Teste S.A.' });
  };
  const callsTo = (path: string) => api.requests.filter((r) => r.path === path).length;

  before(async () => {
    api = await startAdobeSignApi();
  });
  after(async () => {
    await api?.close();
  });
  beforeEach(() => {
    retries = [];
  });

  it('uploads the contract PDF, then creates an agreement with the signers in order, on one refreshed token', async () => {
    const provider = providerFor();
    const { envelopeId } = await provider.createEnvelope(request);
    const agreement = api.agreements.get(envelopeId)!;
    assert.equal(agreement.info.name, 'Contrato CT-2027-000042');
    assert.deepEqual(
      agreement.info.participantSetsInfo.map((set) => [set.order, set.role, set.memberInfos[0]!.email]),
      [
        [1, 'SIGNER', 'ana.souza@example.com'],
        [2, 'SIGNER', 'bruno.lima@example.com'],
      ],
    );
    assert.deepEqual([agreement.info.state, agreement.info.signatureType], ['IN_PROCESS', 'ESIGN']);
    assert.equal(agreement.info.externalId?.id, request.contractId);
    const upload = [...api.documents.values()].at(-1)!;
    assert.deepEqual([upload.fileName, upload.mimeType], ['contrato-CT-2027-000042.pdf', 'application/pdf']);
    const pdf = await pdfText(agreement.documentBytes);
    assert.equal(pdf.title, 'Contrato CT-2027-000042');
    for (const shown of [
      'CT-2027-000042',
      'Operadora Teste S.A.',
      request.terms.companyId,
      'Ana Souza <ana.souza@example.com>',
      'Hospitalar',
      '120',
      'R$ 450,00',
      'R$ 51.300,00',
      'R$ 615.600,00',
      '01/02/2027',
      '31/01/2028',
    ])
      assert.ok(pdf.text.includes(shown), `the PDF shows ${shown}`);
    assert.equal(api.refreshCount(), 1);
    await provider.createEnvelope(request);
    assert.equal(api.refreshCount(), 1, 'the access token is cached');
  });

  it('refreshes an access token Adobe no longer accepts (401 INVALID_ACCESS_TOKEN) and repeats the call', async () => {
    const provider = providerFor();
    const { envelopeId } = await provider.createEnvelope(request);
    const refreshed = api.refreshCount();
    api.expireTokens();
    assert.equal(await provider.envelopeState(envelopeId), 'SENT');
    assert.equal(api.refreshCount(), refreshed + 1);
    assert.match(retries.join('\n'), /INVALID_ACCESS_TOKEN/);
  });

  it('backs off on 429 and 5xx and succeeds once Adobe answers', async () => {
    const before = callsTo('/api/rest/v6/transientDocuments');
    api.failNext(
      '/api/rest/v6/transientDocuments',
      { status: 429, headers: { 'retry-after': '0' }, body: { code: 'THROTTLING', message: 'Too many requests' } },
      { status: 503, body: { code: 'SERVICE_UNAVAILABLE', message: 'Try later' } },
    );
    api.failNext('/oauth/v2/refresh', { status: 502, body: 'bad gateway' });
    const fresh = providerFor(); // a new client: its first call refreshes a token
    const { envelopeId } = await fresh.createEnvelope(request);
    assert.ok(api.agreements.has(envelopeId));
    assert.equal(callsTo('/api/rest/v6/transientDocuments') - before, 3);
    assert.deepEqual(
      retries.map((reason) => reason.replace(/\(.*\)/, '').trim()),
      ['Adobe Sign answered 502', 'Adobe Sign throttled the call', 'Adobe Sign answered 503'],
    );
  });

  it('gives up after its attempts on a lasting outage, and does not retry a refused request', async () => {
    const provider = providerFor(3);
    const { envelopeId } = await provider.createEnvelope(request);
    api.failNext(
      '/api/rest/v6/agreements/',
      ...Array.from({ length: 3 }, () => ({ status: 500, body: { code: 'MISC_SERVER_ERROR', message: 'x' } })),
    );
    await assert.rejects(provider.envelopeState(envelopeId), RetryableError);
    const gets = callsTo(`/api/rest/v6/agreements/${envelopeId}`);
    await assert.rejects(provider.envelopeState('no-such-agreement'), (error: unknown) => {
      assert.ok(error instanceof AdobeSignError);
      assert.deepEqual([error.status, error.code], [404, 'INVALID_AGREEMENT_ID']);
      return true;
    });
    assert.equal(callsTo('/api/rest/v6/agreements/no-such-agreement'), 1);
    assert.equal(gets, 3);
  });

  it('reads the agreement status and cancels an agreement nobody finished signing', async () => {
    const provider = providerFor();
    const signed = (await provider.createEnvelope(request)).envelopeId;
    const open = (await provider.createEnvelope(request)).envelopeId;
    api.complete(signed);
    assert.equal(await provider.envelopeState(signed), 'SIGNED');
    await provider.cancelEnvelope(open, 'Contrato revisto');
    assert.equal(await provider.envelopeState(open), 'CANCELLED');
    const cancel = api.requests.find((r) => r.method === 'PUT' && r.path === `/api/rest/v6/agreements/${open}/state`)!;
    assert.deepEqual(JSON.parse(cancel.body.toString('utf8')), {
      state: 'CANCELLED',
      agreementCancellationInfo: { comment: 'Contrato revisto', notifyOthers: true },
    });
    await assert.rejects(provider.cancelEnvelope(signed, 'tarde demais'), AdobeSignError);
  });

  it('refuses bad client credentials at the token endpoint without retrying', async () => {
    const client = new AdobeSignClient({
      apiUrl: api.url,
      clientId: api.clientId,
      clientSecret: 'wrong',
      refreshToken: api.refreshToken,
      retry: { attempts: 4, baseDelayMs: 5, maxDelayMs: 40 },
      timeoutMs: 5_000,
    });
    const before = api.refreshCount();
    await assert.rejects(client.call('GET', '/agreements/x'), (error: unknown) => {
      assert.ok(error instanceof AdobeSignError);
      assert.equal(error.code, 'invalid_client');
      return true;
    });
    assert.equal(api.refreshCount(), before + 1);
  });
});
