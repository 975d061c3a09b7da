import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SEND, startContractsHarness, type ContractsHarness } from '../testing/contracts-harness.js';
import { startAdobeSignApi, type AdobeSignApi } from '../testing/adobe-sign-api.server.js';
import { ADOBE_SIGN_WEBHOOK_PATH } from './adobe-sign.webhook.js';

describe('contracts: the Adobe Sign webhook on real PostgreSQL and Kafka', () => {
  let api: AdobeSignApi;
  let h: ContractsHarness;
  let webhookUrl: string;

  const post = (body: string, clientId = api.clientId) =>
    fetch(webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-adobesign-clientid': clientId },
      body,
    });
  const statusOf = async (id: string) =>
    (await h.sql.query('select status, signature_status from contracts.contract where id = $1', [id])).rows[0];
  const signedEvents = async (id: string) =>
    (await h.outbox(id)).filter((event) => event.eventType === 'contract.signed');
  /** A contract sent for signature through Adobe Sign: its id and agreement id. */
  const sent = async () => {
    const manager = h.as(['SALES_MANAGER'], 'manager-1');
    const deal = await h.openDeal('NEGOTIATION');
    const input = {
      dealId: deal.id,
      planType: 'AMBULATORIAL',
      monthlyPremiumPerLife: '120.00',
      contractedLives: 30,
      startDate: '2027-03-01',
      endDate: '2028-02-29',
    };
    const { drafted, submitted: approved } = await h.draftAndSubmit(input, manager);
    const signers = [{ name: 'Clara Reis', email: 'clara.reis@example.com' }];
    const result = await h.call(manager, SEND, { input: { id: drafted.id, version: approved.version, signers } });
    const contract = result.data!['sendContractForSignature'].contract;
    assert.equal(contract.signature.provider, 'adobe-sign', JSON.stringify(result));
    return { id: drafted.id as string, number: drafted.number as string, agreementId: contract.signature.envelopeId };
  };

  before(async () => {
    api = await startAdobeSignApi();
    h = await startContractsHarness('contracts_adobe', { env: api.env });
    webhookUrl = new URL(ADOBE_SIGN_WEBHOOK_PATH, h.app.url).toString();
  });
  after(async () => {
    await h?.close();
    await api?.close();
  });

  it("answers Adobe's verification of intent by echoing our client id, and nobody else's", async () => {
    const verified = await fetch(webhookUrl, { headers: { 'x-adobesign-clientid': api.clientId } });
    assert.equal(verified.status, 200);
    assert.equal(verified.headers.get('x-adobesign-clientid'), api.clientId);
    assert.equal(((await verified.json()) as { xAdobeSignClientId: string }).xAdobeSignClientId, api.clientId);
    const stranger = await fetch(webhookUrl, { headers: { 'x-adobesign-clientid': 'someone-else' } });
    assert.equal(stranger.status, 403);
    assert.equal(stranger.headers.get('x-adobesign-clientid'), null);
    assert.equal((await fetch(webhookUrl)).status, 403);
  });

  it('marks the contract SIGNED once on AGREEMENT_WORKFLOW_COMPLETED, however often Adobe delivers it', async () => {
    const contract = await sent();
    api.complete(contract.agreementId);
    const notification = api.notification(contract.agreementId, 'AGREEMENT_WORKFLOW_COMPLETED');
    const first = await post(notification);
    assert.equal(first.status, 200);
    assert.equal(first.headers.get('x-adobesign-clientid'), api.clientId);
    assert.equal(((await first.json()) as { status: string }).status, 'applied');
    const repeats = await Promise.all([post(notification), post(notification)]);
    for (const repeat of repeats) assert.equal(((await repeat.json()) as { status: string }).status, 'duplicate');
    assert.deepEqual(await statusOf(contract.id), { status: 'SIGNED', signature_status: 'SIGNED' });
    const events = await signedEvents(contract.id);
    assert.equal(events.length, 1);
    assert.equal(events[0]!.actor, 'signature-provider:adobe-sign');
  });

  it('refuses a notification without our client id and changes nothing', async () => {
    const contract = await sent();
    api.complete(contract.agreementId);
    const forged = await post(api.notification(contract.agreementId, 'AGREEMENT_WORKFLOW_COMPLETED'), 'forged');
    assert.equal(forged.status, 403);
    assert.equal((await statusOf(contract.id)).status, 'SENT_FOR_SIGNATURE');
  });

  it('does not sign a contract Adobe does not confirm as signed (409), nor one it cannot read now (503)', async () => {
    const contract = await sent();
    const early = await post(api.notification(contract.agreementId, 'AGREEMENT_WORKFLOW_COMPLETED'));
    assert.equal(early.status, 409);
    api.complete(contract.agreementId);
    api.failNext(
      `/api/rest/v6/agreements/${contract.agreementId}`,
      ...Array.from({ length: 3 }, () => ({ status: 502, body: 'bad gateway' })),
    );
    const outage = await post(api.notification(contract.agreementId, 'AGREEMENT_WORKFLOW_COMPLETED'));
    assert.equal(outage.status, 503);
    assert.equal((await statusOf(contract.id)).status, 'SENT_FOR_SIGNATURE');
    assert.equal((await signedEvents(contract.id)).length, 0);
  });

  it('acknowledges a notification about an agreement of no contract, and events that change nothing here', async () => {
    const unknown = await post(api.notification('CBJCHBCAABAAnot-ours', 'AGREEMENT_WORKFLOW_COMPLETED'));
    assert.equal(unknown.status, 200);
    assert.equal(((await unknown.json()) as { status: string }).status, 'unknown-agreement');
    const contract = await sent();
    const viewed = await post(api.notification(contract.agreementId, 'AGREEMENT_EMAIL_VIEWED'));
    assert.equal(((await viewed.json()) as { status: string }).status, 'not-applicable');
    const recalled = await post(api.notification(contract.agreementId, 'AGREEMENT_RECALLED'));
    assert.equal(((await recalled.json()) as { status: string }).status, 'acknowledged');
    assert.equal((await statusOf(contract.id)).status, 'SENT_FOR_SIGNATURE');
  });

  it('answers 400 to a body that is not an agreement notification', async () => {
    assert.equal((await post('{"event":"AGREEMENT_WORKFLOW_COMPLETED"}')).status, 400);
    assert.equal((await post('not json')).status, 400);
  });

  it('does not accept Adobe Sign callbacks through the GraphQL callback mutation', async () => {
    const contract = await sent();
    api.complete(contract.agreementId);
    const result = await h.call(
      h.as(['OPERATIONS']),
      `mutation($input: SignatureCallbackInput!) { receiveSignatureCallback(input: $input) { contract { status } } }`,
      {
        input: {
          provider: 'adobe-sign',
          payload: api.notification(contract.agreementId, 'AGREEMENT_WORKFLOW_COMPLETED'),
          signature: api.clientId,
        },
      },
    );
    assert.equal(result.errors?.[0]?.extensions?.['code'], 'FORBIDDEN');
    assert.equal((await statusOf(contract.id)).status, 'SENT_FOR_SIGNATURE');
  });
});
