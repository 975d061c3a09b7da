import { randomUUID } from 'node:crypto';
import { parseConfig } from '@salesgraph/config';
import type { Role } from '@salesgraph/auth';
import { createLogger } from '@salesgraph/logging';
import { createEvent, parseEvent, topics, type EventEnvelope, type EventData } from '@salesgraph/events';
import { openSubgraphTestBed, type SubgraphHarnessBase } from '@salesgraph/subgraph/testing';
import { graphqlRequestAs, uniqueName, waitFor, type TestDatabase } from '@salesgraph/testkit';
import { contractsEnv } from '../config.js';
import { createContractsApp } from '../app.js';
import { LocalSignatureProvider } from '../signature/local-signature.provider.js';

export interface Caller {
  readonly tenant: string;
  readonly roles: readonly Role[];
  readonly sub: string;
}

export interface TestDeal {
  readonly id: string;
  readonly companyId: string;
  readonly ownerId: string;
  readonly tenant: string;
  stage: string;
  version: number;
}

type DealStage = EventData<'deal.created'>['deal']['stage'];

export const TEST_SIGNATURE_SECRET = 'test-only-local-signature-callback-secret-0123456789';

export const DRAFT = `mutation($input: DraftContractInput!) { draftContract(input: $input) {
  contract { id number status approvalLevel monthlyValue annualValue discountPercent version company { id } deal { id } }
  problem { reason message } eventId } }`;
export const SUBMIT = `mutation($input: ContractVersionInput!) { submitContract(input: $input) { contract { id status approvalLevel version } problem { reason message } eventId } }`;
export const ACTIVATE = `mutation($input: ContractVersionInput!) { activateContract(input: $input) { contract { id status version } problem { reason message } eventId } }`;
export const REVISE = `mutation($input: ReviseContractInput!) { reviseContract(input: $input) { contract { id status approvalLevel rejectionReason version annualValue } problem { reason message } eventId } }`;
export const SEND = `mutation($input: SendContractForSignatureInput!) { sendContractForSignature(input: $input) {
  contract { id status version signature { provider envelopeId status signers { name email signedAt } signedAt } } problem { reason message } eventId } }`;
export const CALLBACK = `mutation($input: SignatureCallbackInput!) { receiveSignatureCallback(input: $input) {
  contract { id status version signature { status signedAt signers { email signedAt } } } problem { reason message } eventId } }`;

/**
 * The contracts subgraph in-process on a database of its own and a Kafka namespace of its
 * own, called over HTTP as the gateway would; deal and task events are published to the real
 * broker in that namespace, as the deals and workflows subgraphs would.
 */
export interface ContractsHarness extends SubgraphHarnessBase<Caller> {
  readonly db: TestDatabase;
  readonly tenant: string;
  readonly signatures: LocalSignatureProvider;
  /** Drafts a contract with `input` and submits it as `who`; both answers' contracts (DRAFT and SUBMIT selections). */
  draftAndSubmit(
    input: Record<string, unknown>,
    who: Caller,
  ): Promise<{ drafted: Record<string, any>; submitted: Record<string, any> }>;
  /** A caller of the harness tenant. */
  as(roles: readonly Role[], sub?: string): Caller;
  /** Publishes `deal.created` for a new deal at `stage` and waits until the DealSnapshot has it. */
  openDeal(stage: DealStage, options?: { ownerId?: string; tenant?: string }): Promise<TestDeal>;
  /** Publishes `deal.created` for `count` new deals at once and waits until the DealSnapshot has them all. */
  openDeals(count: number, stage: DealStage, options?: { ownerId?: string }): Promise<TestDeal[]>;
  /** Publishes `deal.stage_changed` and waits until the DealSnapshot shows the new stage. */
  moveDeal(deal: TestDeal, stage: DealStage): Promise<void>;
  /** The `deal.stage_changed` event of a move, not published yet (the deal is updated). */
  moveEvent(deal: TestDeal, stage: DealStage): EventEnvelope;
  /** Publishes an arbitrary event to a topic of the harness namespace. */
  publish(topic: string, ...events: EventEnvelope[]): Promise<void>;
  /** The contract's events in the outbox, in the order they were written. */
  outbox(contractId: string): Promise<EventEnvelope[]>;
  /** Every event the relay published to `contracts.contract.events` so far (read from Kafka). */
  published(): EventEnvelope[];
  close(): Promise<void>;
}

export async function startContractsHarness(
  prefix: string,
  options: { onQuery?: (sql: string) => void; env?: Record<string, string> } = {},
): Promise<ContractsHarness> {
  const bed = await openSubgraphTestBed({ prefix, topics: [topics.deal, topics.task, topics.contract] });
  const { sql, publish } = bed;
  const tenant = uniqueName('tenant');
  const config = parseConfig(contractsEnv, {
    ...bed.env,
    SIGNATURE_CALLBACK_SECRET: TEST_SIGNATURE_SECRET,
    ...options.env,
  });
  const app = await createContractsApp({
    config,
    logger: createLogger('contracts-test', 'silent'),
    onQuery: options.onQuery,
  });
  await app.start();
  const seen = await bed.observe([topics.contract], 'test-observer');

  const dealEvent = (deal: TestDeal, type: 'deal.created' | 'deal.stage_changed', from: DealStage) =>
    createEvent({
      eventType: type,
      tenantId: deal.tenant,
      aggregateType: 'deal',
      aggregateId: deal.id,
      aggregateVersion: deal.version,
      source: 'deals',
      actor: deal.ownerId,
      data: {
        deal: {
          id: deal.id,
          companyId: deal.companyId,
          ownerId: deal.ownerId,
          title: 'Plano coletivo',
          stage: deal.stage as DealStage,
          estimatedValue: '500000.00',
          estimatedLives: 100,
          probability: 60,
          expectedCloseDate: null,
        },
        from,
        to: deal.stage as DealStage,
      },
    });
  const moveEvent = (deal: TestDeal, stage: DealStage) => {
    const from = deal.stage as DealStage;
    deal.stage = stage;
    deal.version += 1;
    return dealEvent(deal, 'deal.stage_changed', from);
  };
  const waitForStage = (deal: TestDeal) =>
    waitFor(
      async () =>
        (await sql.query('select stage from contracts.deal_snapshot where id = $1', [deal.id])).rows[0]?.stage ===
        deal.stage,
      {
        description: `the DealSnapshot of ${deal.id} at ${deal.stage}`,
      },
    );

  return {
    db: bed.db,
    sql,
    app,
    bus: bed.bus,
    tenant,
    signatures: new LocalSignatureProvider(TEST_SIGNATURE_SECRET),
    call: (who, query, variables, headers) => graphqlRequestAs(app.url, who, query, variables, headers),
    async draftAndSubmit(input, who) {
      const drafted = (await graphqlRequestAs(app.url, who, DRAFT, { input })).data!['draftContract'].contract;
      const submitted = (
        await graphqlRequestAs(app.url, who, SUBMIT, { input: { id: drafted.id, version: drafted.version } })
      ).data!['submitContract'].contract;
      return { drafted, submitted };
    },
    as: (roles, sub = 'user-1') => ({ tenant, roles, sub }),
    async openDeal(stage, { ownerId = 'rep-1', tenant: dealTenant = tenant } = {}) {
      const deal: TestDeal = {
        id: randomUUID(),
        companyId: randomUUID(),
        ownerId,
        tenant: dealTenant,
        stage,
        version: 1,
      };
      await publish(topics.deal, dealEvent(deal, 'deal.created', stage));
      await waitForStage(deal);
      return deal;
    },
    async openDeals(count, stage, { ownerId = 'rep-1' } = {}) {
      const deals: TestDeal[] = Array.from({ length: count }, () => ({
        id: randomUUID(),
        companyId: randomUUID(),
        ownerId,
        tenant,
        stage,
        version: 1,
      }));
      await publish(topics.deal, ...deals.map((deal) => dealEvent(deal, 'deal.created', stage)));
      const ids = deals.map((deal) => deal.id);
      await waitFor(
        async () =>
          (await sql.query('select count(*)::int as n from contracts.deal_snapshot where id = any($1)', [ids])).rows[0]
            .n === count,
        {
          description: `${count} DealSnapshots`,
        },
      );
      return deals;
    },
    async moveDeal(deal, stage) {
      await publish(topics.deal, moveEvent(deal, stage));
      await waitForStage(deal);
    },
    moveEvent,
    publish,
    outbox: async (contractId) =>
      (await bed.outbox('contracts', { messageKey: contractId })).map((payload) => parseEvent(payload)),
    published: () => seen,
    async close() {
      await app.stop();
      await bed.close();
    },
  };
}
