import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { uniqueName, waitFor } from '@salesgraph/testkit';
import {
  ACTIVATE,
  CALLBACK,
  SEND,
  startContractsHarness,
  type Caller,
  type ContractsHarness,
  type TestDeal,
} from '../testing/contracts-harness.js';
import { LocalSignatureProvider } from './local-signature.provider.js';

const SUSPEND = `mutation($input: ChangeContractStatusInput!) { suspendContract(input: $input) { contract { status version } problem { reason } eventId } }`;
const TERMINATE = `mutation($input: ChangeContractStatusInput!) { terminateContract(input: $input) { contract { status version } problem { reason } eventId } }`;

describe('contracts: signature callbacks and activation on real PostgreSQL and Kafka', () => {
  let h: ContractsHarness;
  let manager: Caller;
  let operations: Caller;
  let deal: TestDeal;

  const signers = [
    { name: 'Ana Souza', email: 'ana.souza@example.com' },
    { name: 'Bruno Lima', email: 'Bruno.Lima@example.com' },
  ];
  /** An AUTO contract, submitted (so APPROVED) and sent for signature; returns it with its envelope. */
  const sentForSignature = async (dealId = deal.id) => {
    const input = {
      dealId,
      planType: 'ODONTOLOGICO',
      monthlyPremiumPerLife: '80.00',
      contractedLives: 50,
      startDate: '2027-02-01',
      endDate: '2028-01-31',
    };
    const { drafted, submitted: approved } = await h.draftAndSubmit(input, manager);
    assert.equal(approved.status, 'APPROVED');
    const sent = await h.call(manager, SEND, { input: { id: drafted.id, version: approved.version, signers } });
    assert.equal(sent.errors, undefined, JSON.stringify(sent.errors));
    return sent.data!['sendContractForSignature'].contract as {
      id: string;
      version: number;
      status: string;
      signature: {
        envelopeId: string;
        provider: string;
        status: string;
        signers: { email: string; signedAt: string | null }[];
      };
    };
  };
  const signedCallback = (envelopeId: string, provider = h.signatures) =>
    provider.signedCallback({
      envelopeId,
      status: 'SIGNED',
      signedAt: '2027-01-20T14:00:00.000Z',
      signers: [
        { email: 'ana.souza@example.com', signedAt: '2027-01-19T10:00:00.000Z' },
        { email: 'bruno.lima@example.com', signedAt: '2027-01-20T14:00:00.000Z' },
      ],
    });
  const callback = (input: { payload: string; signature: string }, who: Caller = operations) =>
    h.call(who, CALLBACK, { input: { provider: 'local', ...input } });
  const statusOf = async (id: string) =>
    (await h.sql.query('select status, version from contracts.contract where id = $1', [id])).rows[0];
  const signed = async (dealId = deal.id) => {
    const contract = await sentForSignature(dealId);
    const result = (await callback(signedCallback(contract.signature.envelopeId))).data!['receiveSignatureCallback'];
    assert.equal(result.contract.status, 'SIGNED');
    return result.contract as { id: string; version: number };
  };

  before(async () => {
    h = await startContractsHarness('contracts_signature');
    manager = h.as(['SALES_MANAGER'], 'manager-1');
    operations = h.as(['OPERATIONS'], 'ops-1');
    deal = await h.openDeal('NEGOTIATION');
  });

  after(async () => {
    await h?.close();
  });

  describe('sending for signature', () => {
    it('opens an envelope at the local provider and writes contract.sent_for_signature', async () => {
      const contract = await sentForSignature();
      assert.equal(contract.status, 'SENT_FOR_SIGNATURE');
      assert.equal(contract.signature.provider, 'local');
      assert.equal(contract.signature.status, 'SENT');
      assert.match(contract.signature.envelopeId, /^local-/);
      assert.deepEqual(
        contract.signature.signers.map((s) => [s.email, s.signedAt]),
        [
          ['ana.souza@example.com', null],
          ['bruno.lima@example.com', null],
        ],
      );
      const last = (await h.outbox(contract.id)).at(-1)!;
      assert.equal(last.eventType, 'contract.sent_for_signature');
      assert.deepEqual(last.data, {
        ...(last.data as object),
        provider: 'local',
        envelopeId: contract.signature.envelopeId,
      });
      assert.doesNotMatch(JSON.stringify(last), /Souza|example\.com/);
    });

    it('refuses a request without signers or with an invalid e-mail, naming the field', async () => {
      const input = {
        dealId: deal.id,
        planType: 'ODONTOLOGICO',
        monthlyPremiumPerLife: '80.00',
        contractedLives: 5,
        startDate: '2027-02-01',
        endDate: '2028-01-31',
      };
      const { drafted, submitted: approved } = await h.draftAndSubmit(input, manager);
      for (const bad of [[], [{ name: 'X', email: 'not-an-email' }]]) {
        const result = await h.call(manager, SEND, {
          input: { id: drafted.id, version: approved.version, signers: bad },
        });
        assert.equal(result.errors?.[0]?.extensions?.['field'], 'signers');
      }
      assert.equal((await statusOf(drafted.id)).status, 'APPROVED');
    });
  });

  describe('the provider callback', () => {
    it('refuses a callback with a bad HMAC, a tampered body, or another secret, and changes nothing', async () => {
      const contract = await sentForSignature();
      const genuine = signedCallback(contract.signature.envelopeId);
      const forgeries = [
        { payload: genuine.payload, signature: 'f'.repeat(64) },
        { payload: genuine.payload, signature: 'not-hex' },
        {
          payload: genuine.payload.replace('2027-01-20T14:00:00.000Z', '2027-01-21T14:00:00.000Z'),
          signature: genuine.signature,
        },
        signedCallback(
          contract.signature.envelopeId,
          new LocalSignatureProvider('another-secret-another-secret-another-secret'),
        ),
      ];
      for (const forged of forgeries) {
        const result = await callback(forged);
        assert.equal(result.errors?.[0]?.extensions?.['code'], 'FORBIDDEN', JSON.stringify(result));
      }
      assert.deepEqual(await statusOf(contract.id), { status: 'SENT_FOR_SIGNATURE', version: contract.version });
      assert.equal((await h.outbox(contract.id)).filter((e) => e.eventType === 'contract.signed').length, 0);
    });

    it('marks the contract SIGNED on a verified callback, and a repeated callback changes nothing: one contract.signed on Kafka', async () => {
      const contract = await sentForSignature();
      const genuine = signedCallback(contract.signature.envelopeId);
      const first = (await callback(genuine)).data!['receiveSignatureCallback'];
      assert.equal(first.problem, null);
      assert.equal(first.contract.status, 'SIGNED');
      assert.equal(first.contract.signature.status, 'SIGNED');
      assert.equal(first.contract.signature.signedAt, '2027-01-20T14:00:00.000Z');
      assert.deepEqual(
        first.contract.signature.signers.map((s: { signedAt: string }) => s.signedAt),
        ['2027-01-19T10:00:00.000Z', '2027-01-20T14:00:00.000Z'],
      );
      assert.ok(first.eventId);

      const again = await Promise.all([callback(genuine), callback(genuine)]);
      for (const repeat of again) {
        assert.equal(repeat.errors, undefined, JSON.stringify(repeat.errors));
        assert.deepEqual(
          [repeat.data!['receiveSignatureCallback'].contract.status, repeat.data!['receiveSignatureCallback'].eventId],
          ['SIGNED', null],
        );
      }
      const signedEvents = (await h.outbox(contract.id)).filter((e) => e.eventType === 'contract.signed');
      assert.deepEqual(
        signedEvents.map((e) => [e.eventId, (e.data as { signedAt: string }).signedAt]),
        [[first.eventId, '2027-01-20T14:00:00.000Z']],
      );
      await waitFor(
        async () => (await h.app.relay.backlog()) === 0 && h.published().some((e) => e.eventId === first.eventId),
        { description: 'contract.signed on Kafka' },
      );
      assert.equal(
        h.published().filter((e) => e.aggregateId === contract.id && e.eventType === 'contract.signed').length,
        1,
      );
    });

    it('answers NOT_FOUND for an authentic callback about an envelope of no contract, or of another tenant', async () => {
      const unknown = await callback(signedCallback('local-no-such-envelope'));
      assert.equal(unknown.errors?.[0]?.extensions?.['code'], 'NOT_FOUND');
      const contract = await sentForSignature();
      const foreign = await callback(signedCallback(contract.signature.envelopeId), {
        tenant: uniqueName('other'),
        roles: ['OPERATIONS'],
        sub: 'x',
      });
      assert.equal(foreign.errors?.[0]?.extensions?.['code'], 'NOT_FOUND');
      assert.equal((await statusOf(contract.id)).status, 'SENT_FOR_SIGNATURE');
    });

    it('refuses an authentic callback it does not understand as BAD_USER_INPUT', async () => {
      const body = JSON.stringify({ envelopeId: 'x', status: 'DECLINED' });
      const result = await callback(h.signatures.signPayload(body));
      assert.equal(result.errors?.[0]?.extensions?.['field'], 'payload');
    });
  });

  describe('activation', () => {
    it('refuses to activate while the deal is not CLOSED_WON, and activates once the deal moves to CLOSED_WON', async () => {
      const own = await h.openDeal('NEGOTIATION');
      const contract = await signed(own.id);
      const refused = (await h.call(operations, ACTIVATE, { input: { id: contract.id, version: contract.version } }))
        .data!['activateContract'];
      assert.equal(refused.problem.reason, 'DEAL_NOT_WON');
      assert.deepEqual(await statusOf(contract.id), { status: 'SIGNED', version: contract.version });
      await h.moveDeal(own, 'CLOSED_WON');
      const activated = (await h.call(operations, ACTIVATE, { input: { id: contract.id, version: contract.version } }))
        .data!['activateContract'];
      assert.equal(activated.problem, null);
      assert.equal(activated.contract.status, 'ACTIVE');
      assert.equal((await h.outbox(contract.id)).at(-1)!.eventType, 'contract.activated');
    });

    it('lets managers activate too, but not a SALES_REP', async () => {
      await h.moveDeal(deal, 'CLOSED_WON');
      const contract = await signed();
      const rep = await h.call(h.as(['SALES_REP'], 'rep-1'), ACTIVATE, {
        input: { id: contract.id, version: contract.version },
      });
      assert.equal(rep.errors?.[0]?.extensions?.['code'], 'FORBIDDEN');
      const byManager = (
        await h.call(h.as(['COMMERCIAL_DIRECTOR']), ACTIVATE, { input: { id: contract.id, version: contract.version } })
      ).data!['activateContract'];
      assert.equal(byManager.contract.status, 'ACTIVE');
    });

    it('suspends, reactivates and terminates, each with its event, and nothing follows TERMINATED', async () => {
      const contract = await signed();
      let version = contract.version;
      const step = async (query: string, field: string, input: Record<string, unknown> = {}) => {
        const result = (await h.call(operations, query, { input: { id: contract.id, version, ...input } })).data![
          field
        ];
        if (result.contract) version = result.contract.version;
        return result;
      };
      assert.equal((await step(ACTIVATE, 'activateContract')).contract.status, 'ACTIVE');
      assert.equal((await step(SUSPEND, 'suspendContract', { reason: 'Inadimplência' })).contract.status, 'SUSPENDED');
      assert.equal((await step(ACTIVATE, 'activateContract')).contract.status, 'ACTIVE');
      assert.equal((await step(TERMINATE, 'terminateContract', { reason: null })).contract.status, 'TERMINATED');
      assert.equal((await step(ACTIVATE, 'activateContract')).problem.reason, 'INVALID_TRANSITION');
      assert.equal((await step(SUSPEND, 'suspendContract')).problem.reason, 'INVALID_TRANSITION');
      const events = (await h.outbox(contract.id)).map((e) => e.eventType);
      assert.deepEqual(events.slice(-4), [
        'contract.activated',
        'contract.suspended',
        'contract.activated',
        'contract.terminated',
      ]);
      const suspended = (await h.outbox(contract.id)).find((e) => e.eventType === 'contract.suspended')!;
      assert.equal((suspended.data as { reason: string }).reason, 'Inadimplência');
    });
  });
});
