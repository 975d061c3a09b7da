import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { parseConfig } from '@salesgraph/config';
import type { Role } from '@salesgraph/auth';
import { createLogger } from '@salesgraph/logging';
import { createKafkaBus, type BusConsumer, type BusProducer, type MessageBus } from '@salesgraph/kafka';
import { createEvent, parseEvent, topics, type EventEnvelope, type EventData } from '@salesgraph/events';
import type { SubgraphService } from '@salesgraph/subgraph';
import {
  TEST_IDENTITY_SECRET,
  createTestDatabase,
  graphqlRequest,
  identityHeaders,
  testKafkaBrokers,
  uniqueName,
  waitFor,
  type GraphQLResponse,
  type TestDatabase,
} from '@salesgraph/testkit';
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
export interface ContractsHarness {
  readonly db: TestDatabase;
  readonly sql: pg.Client;
  readonly app: SubgraphService;
  /** A bus of the harness namespace (for rebuilds and extra consumers). */
  readonly bus: MessageBus;
  readonly tenant: string;
  readonly signatures: LocalSignatureProvider;
  call(query: string, variables: Record<string, unknown>, who: Caller): Promise<GraphQLResponse>;
  /** A caller of the harness tenant. */
  as(roles: readonly Role[], sub?: string): Caller;
  /** Publishes `deal.created` for a new deal at `stage` and waits until the DealSnapshot has it. */
  openDeal(stage: DealStage, options?: { ownerId?: string; tenant?: string }): Promise<TestDeal>;
  /** Publishes `deal.created` for `count` new deals at once and waits until the DealSnapshot has them all. */
  openDeals(count: number, stage: DealStage, options?: { ownerId?: string }): Promise<TestDeal[]>;
  /** Publishes `deal.stage_changed` and waits until the DealSnapshot shows the new stage. */
  moveDeal(deal: TestDeal, stage: DealStage): Promise<void>;
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
  const db = await createTestDatabase(`sg_${prefix}`);
  const namespace = uniqueName(prefix);
  const tenant = uniqueName('tenant');
  const config = parseConfig(contractsEnv, {
    DATABASE_URL: db.url,
    KAFKA_BROKERS: testKafkaBrokers(),
    KAFKA_NAMESPACE: namespace,
    GATEWAY_IDENTITY_SECRET: TEST_IDENTITY_SECRET,
    SIGNATURE_CALLBACK_SECRET: TEST_SIGNATURE_SECRET,
    PORT: '0',
    NODE_ENV: 'test',
    ...options.env,
  });
  const bus: MessageBus = createKafkaBus({ brokers: [testKafkaBrokers()], clientId: `${prefix}-test`, namespace });
  await bus.ensureTopics([topics.deal, topics.task, topics.contract]);
  const producer: BusProducer = await bus.producer();
  const app = await createContractsApp({
    config,
    logger: createLogger('contracts-test', 'silent'),
    onQuery: options.onQuery,
  });
  await app.start();
  const sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
  const seen: EventEnvelope[] = [];
  const observer: BusConsumer = await bus.consumer({
    groupId: 'test-observer',
    topics: [topics.contract],
    fromBeginning: true,
  });
  await observer.run(async (message) => {
    seen.push(parseEvent(JSON.parse(message.value!.toString('utf8'))));
  });

  const publish = async (topic: string, ...events: EventEnvelope[]) =>
    producer.send(
      topic,
      events.map((event) => ({ key: event.aggregateId, value: JSON.stringify(event) })),
    );
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
    db,
    sql,
    app,
    bus,
    tenant,
    signatures: new LocalSignatureProvider(TEST_SIGNATURE_SECRET),
    call: async (query, variables, who) => graphqlRequest(app.url, query, variables, await identityHeaders(who)),
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
      const from = deal.stage as DealStage;
      deal.stage = stage;
      deal.version += 1;
      await publish(topics.deal, dealEvent(deal, 'deal.stage_changed', from));
      await waitForStage(deal);
    },
    publish,
    async outbox(contractId) {
      const rows = await sql.query(`select payload from contracts.outbox where message_key = $1 order by id`, [
        contractId,
      ]);
      return rows.rows.map((row: { payload: unknown }) => parseEvent(row.payload));
    },
    published: () => seen,
    async close() {
      await observer.stop();
      await producer.disconnect();
      await bus.close();
      await sql.end();
      await app.stop();
      await db.drop();
    },
  };
}
