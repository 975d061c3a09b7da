import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Role } from '@salesgraph/auth';
import { parseConfig } from '@salesgraph/config';
import { createEvent, topics, type contractsEvents, type EventEnvelope, type EventType } from '@salesgraph/events';
import { createKafkaBus, type BusProducer, type MessageBus } from '@salesgraph/kafka';
import { createLogger } from '@salesgraph/logging';
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
import { beneficiariesEnv } from '../config.js';
import { createBeneficiariesApp } from '../app.js';
import { withCpfCheckDigits } from '../beneficiary/cpf.js';

export interface Caller {
  readonly tenant: string;
  readonly roles: readonly Role[];
  readonly sub?: string;
}

type ContractStatus = (typeof contractsEvents.contractStatuses)[number];
type PlanType = (typeof contractsEvents.planTypes)[number];

export interface ContractOptions {
  readonly tenant: string;
  readonly status?: ContractStatus;
  readonly contractedLives?: number;
  readonly planType?: PlanType;
}

export const OPERATOR_REGISTRATION = '419999';

/** The contract event that puts a contract in `status` (DRAFT -> drafted, SIGNED -> signed, ...). */
const eventFor: Readonly<Record<ContractStatus, EventType>> = {
  DRAFT: 'contract.drafted',
  PENDING_APPROVAL: 'contract.submitted',
  APPROVED: 'contract.approved',
  REJECTED: 'contract.rejected',
  SENT_FOR_SIGNATURE: 'contract.sent_for_signature',
  SIGNED: 'contract.signed',
  ACTIVE: 'contract.activated',
  SUSPENDED: 'contract.suspended',
  TERMINATED: 'contract.terminated',
};

const extraFor: Partial<Record<EventType, Record<string, unknown>>> = {
  'contract.approved': { approvedBy: 'manager-1' },
  'contract.rejected': { reason: 'price' },
  'contract.sent_for_signature': { provider: 'local', envelopeId: 'env-1' },
  'contract.signed': { signedAt: '2026-01-10T12:00:00.000Z' },
  'contract.suspended': { reason: null },
  'contract.terminated': { reason: null },
};

/**
 * One beneficiaries subgraph in-process over HTTP, with its own database and Kafka namespace,
 * plus what its integration tests need: calls as any caller, contract events published to
 * Kafka to feed ContractSnapshot, SQL statement counting (the app's onQuery), a SQL client.
 */
export interface BeneficiariesHarness {
  readonly app: SubgraphService;
  readonly sql: pg.Client;
  readonly bus: MessageBus;
  call(caller: Caller, query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse>;
  /** Publishes contract.drafted (and the event of `status`) and waits until the snapshot has it. */
  contract(options: ContractOptions): Promise<string>;
  /** Publishes the event that moves a known contract to `status` and waits for the snapshot. */
  moveContract(id: string, status: ContractStatus): Promise<void>;
  /** A valid CPF no other call of this harness returned. */
  cpf(): string;
  /** The SQL statements the app issued while `run` ran. */
  statementsDuring(run: () => Promise<unknown>): Promise<string[]>;
  /** Outbox rows (event payloads) in order, optionally of one aggregate. */
  outbox(aggregateId?: string): Promise<EventEnvelope[]>;
  stop(): Promise<void>;
}

export async function startBeneficiariesHarness(
  prefix: string,
  options: { env?: Record<string, string> } = {},
): Promise<BeneficiariesHarness> {
  const db: TestDatabase = await createTestDatabase('sg_beneficiaries');
  const namespace = uniqueName(prefix);
  let recording: string[] | null = null;
  const config = parseConfig(beneficiariesEnv, {
    DATABASE_URL: db.url,
    KAFKA_BROKERS: testKafkaBrokers(),
    KAFKA_NAMESPACE: namespace,
    GATEWAY_IDENTITY_SECRET: TEST_IDENTITY_SECRET,
    ANS_OPERATOR_REGISTRATION: OPERATOR_REGISTRATION,
    PORT: '0',
    NODE_ENV: 'test',
    ...options.env,
  });
  const app = await createBeneficiariesApp({
    config,
    logger: createLogger('beneficiaries-test', 'silent'),
    onQuery: (statement) => recording?.push(statement),
  });
  await app.start();
  const bus = createKafkaBus({ brokers: [testKafkaBrokers()], clientId: `${prefix}-test`, namespace });
  await bus.ensureTopics([topics.contract]);
  const producer: BusProducer = await bus.producer();
  const sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
  const contracts = new Map<string, { tenant: string; version: number; snapshot: Record<string, unknown> }>();
  let contractNumber = 0;
  let cpfSeed = Math.floor(Math.random() * 1000) * 1_000_000;

  const publishStatus = async (id: string, status: ContractStatus) => {
    const known = contracts.get(id)!;
    known.version += 1;
    known.snapshot = { ...known.snapshot, status };
    const eventType = eventFor[status];
    const event = createEvent({
      eventType,
      tenantId: known.tenant,
      aggregateType: 'contract',
      aggregateId: id,
      aggregateVersion: known.version,
      source: 'contracts',
      actor: 'test',
      data: { ...extraFor[eventType], contract: known.snapshot } as never,
    });
    await producer.send(topics.contract, [{ key: id, value: JSON.stringify(event) }]);
    await waitFor(
      async () =>
        (await sql.query('select 1 from beneficiaries.contract_snapshot where id = $1 and status = $2', [id, status]))
          .rowCount === 1,
      {
        description: `the snapshot of contract ${id} at ${status}`,
      },
    );
  };

  return {
    app,
    sql,
    bus,
    async call(caller, query, variables = {}) {
      return graphqlRequest(app.url, query, variables, await identityHeaders({ sub: 'user-1', ...caller }));
    },
    async contract({ tenant, status = 'ACTIVE', contractedLives = 10, planType = 'HOSPITALAR' }) {
      const id = randomUUID();
      contractNumber += 1;
      const snapshot = {
        id,
        number: `CT-2026-${String(contractNumber).padStart(6, '0')}`,
        companyId: randomUUID(),
        dealId: randomUUID(),
        planType,
        monthlyPremiumPerLife: '450.00',
        contractedLives,
        discountPercent: '0',
        monthlyValue: (450 * contractedLives).toFixed(2),
        annualValue: (450 * 12 * contractedLives).toFixed(2),
        startDate: '2026-01-01',
        endDate: '2026-12-31',
        status: 'DRAFT',
        approvalLevel: 'AUTO',
      };
      contracts.set(id, { tenant, version: 0, snapshot });
      await publishStatus(id, 'DRAFT');
      if (status !== 'DRAFT') await publishStatus(id, status);
      return id;
    },
    moveContract: publishStatus,
    cpf() {
      cpfSeed += 1;
      return withCpfCheckDigits(String(cpfSeed).padStart(9, '0'));
    },
    async statementsDuring(run) {
      recording = [];
      try {
        await run();
        return recording;
      } finally {
        recording = null;
      }
    },
    async outbox(aggregateId) {
      const rows = await sql.query(
        `select payload from beneficiaries.outbox ${aggregateId ? 'where message_key = $1' : ''} order by id`,
        aggregateId ? [aggregateId] : [],
      );
      return rows.rows.map((row: { payload: EventEnvelope }) => row.payload);
    },
    async stop() {
      await app?.stop();
      await producer?.disconnect();
      await bus?.close();
      await sql?.end();
      await db?.drop();
    },
  };
}
