import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { draftContract, sendForSignature, submitContract, type SeedContext } from '@salesgraph/seed';
import { startAdobeSignApi, type AdobeSignApi } from '@salesgraph/contracts/testing/adobe-sign-api';
import { pdfText } from '@salesgraph/contracts/testing/pdf-text';
import { uniqueName } from '@salesgraph/testkit';
import { dealReadyForContracts, salesContext } from './fixtures/sales-flow.js';
import { startStack, type Stack } from './stack.js';

const contractQuery = `query($id: ID!) { contract(id: $id) { status version signature { provider status signedAt } } }`;

describe('e2e: a contract signed through Adobe Sign (a local Acrobat Sign REST v6 server) and its webhook', () => {
  let api: AdobeSignApi;
  let stack: Stack;
  let context: SeedContext;
  let sql: pg.Client;
  const repSub = 'rep-adobe';

  before(async () => {
    api = await startAdobeSignApi();
    stack = await startStack({
      subgraphs: ['accounts', 'deals', 'contracts'],
      env: api.env,
    });
    context = salesContext(stack, uniqueName('adobe'));
    sql = new pg.Client({ connectionString: stack.databaseUrl });
    await sql.connect();
  });
  after(async () => {
    await sql?.end();
    await stack?.stop();
    await api?.close();
  });

  it('sends the contract PDF to Adobe, and two deliveries of the completion webhook make it SIGNED once', async () => {
    const { deal } = await dealReadyForContracts(context, repSub, 'NEGOTIATION', 'adobe-sign-e2e');
    const rep = await context.actors.rep(repSub);
    const drafted = await draftContract(context, rep, {
      dealId: deal.id,
      terms: { planType: 'ODONTOLOGICO', monthlyPremiumPerLife: '45.00', contractedLives: 40, discountPercent: '0' },
      startDate: '2027-04-01',
      endDate: '2028-03-31',
    });
    const approved = await submitContract(context, rep, drafted);
    assert.equal(approved.status, 'APPROVED');
    // Adobe throttles the first upload: the provider backs off and sends it again.
    api.failNext('/api/rest/v6/transientDocuments', {
      status: 429,
      headers: { 'retry-after': '0' },
      body: { code: 'THROTTLING', message: 'Too many requests' },
    });
    const sent = await sendForSignature(context, rep, approved, [
      { name: 'Helena Duarte Moura', email: 'helena.moura@santaclara.com.br' },
      { name: 'Caio Nunes Batista', email: 'caio.batista@santaclara.com.br' },
    ]);
    assert.equal(sent.status, 'SENT_FOR_SIGNATURE');
    const agreementId = sent.signature!.envelopeId;
    const agreement = api.agreements.get(agreementId);
    assert.ok(agreement, 'the agreement was created at Adobe Sign');
    assert.deepEqual(
      agreement.info.participantSetsInfo.map((set) => set.memberInfos[0]!.email),
      ['helena.moura@santaclara.com.br', 'caio.batista@santaclara.com.br'],
    );
    const pdf = await pdfText(agreement.documentBytes);
    assert.equal(pdf.pages, 1);
    assert.ok(pdf.text.includes(drafted.number), `the uploaded PDF names ${drafted.number}`);

    api.complete(agreementId);
    const webhook = new URL('/webhooks/adobe-sign', stack.subgraphUrls['contracts']).toString();
    const notification = api.notification(agreementId, 'AGREEMENT_WORKFLOW_COMPLETED');
    const outcomes: string[] = [];
    for (let delivery = 0; delivery < 2; delivery += 1) {
      const response = await fetch(webhook, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-adobesign-clientid': api.clientId },
        body: notification,
      });
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('x-adobesign-clientid'), api.clientId);
      outcomes.push(((await response.json()) as { status: string }).status);
    }
    assert.deepEqual(outcomes, ['applied', 'duplicate']);

    const read = await stack.query(await context.actors.manager(), contractQuery, { id: drafted.id });
    assert.equal(read.errors, undefined, JSON.stringify(read.errors));
    assert.deepEqual(read.data!['contract'].signature.provider, 'adobe-sign');
    assert.deepEqual([read.data!['contract'].status, read.data!['contract'].signature.status], ['SIGNED', 'SIGNED']);
    const signedEvents = await sql.query(
      `select count(*)::int as n from contracts.outbox where message_key = $1 and payload->>'eventType' = 'contract.signed'`,
      [drafted.id],
    );
    assert.equal(signedEvents.rows[0].n, 1);
  });
});
