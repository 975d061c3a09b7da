import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Role } from '@salesgraph/auth';
import { parseConfig } from '@salesgraph/config';
import { createEvent, topics, type EventData, type EventEnvelope } from '@salesgraph/events';
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
import { dealsEnv } from '../config.js';
import { createDealsApp } from '../app.js';

export interface Caller {
  readonly tenant: string;
  readonly roles: readonly Role[];
  readonly sub: string;
}

type Segment = 'SMB' | 'MID' | 'ENTERPRISE';
type MeddicRole = EventData<'contact.created'>['contact']['meddicRole'];

/**
 * One deals subgraph in-process over HTTP, with its own database and Kafka namespace, plus what
 * its integration tests need: calls as any caller, accounts events published to Kafka to feed
 * AccountSummary, SQL statement counting (the app's onQuery), and a SQL client for assertions.
 */
export interface DealsHarness {
  readonly app: SubgraphService;
  readonly sql: pg.Client;
  readonly bus: MessageBus;
  /** A call as the gateway makes it, with any write headers (Idempotency-Key, Salesgraph-After-Event). */
  call(
    caller: Caller,
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse>;
  /** Publishes company.created (version 1) and waits until AccountSummary has it; returns the company id. */
  company(tenant: string, legalName: string, segment?: Segment, id?: string): Promise<string>;
  /** The same for many companies at once (one wait). */
  companies(
    tenant: string,
    companies: readonly { legalName: string; segment?: Segment; id?: string }[],
  ): Promise<string[]>;
  /** Publishes a contact event of a company (contact.created at version 1 unless told); returns the contact id. */
  contact(
    tenant: string,
    companyId: string,
    meddicRole: MeddicRole,
    options?: { id?: string; version?: number; type?: 'contact.created' | 'contact.updated' | 'contact.erased' },
  ): Promise<string>;
  publish(...events: EventEnvelope[]): Promise<void>;
  /** Waits until every projection has applied everything published so far. */
  caughtUp(): Promise<void>;
  /**
   * Waits until `deals.pipeline-summary` has applied every deal event written so far (all in its
   * inbox) and the relay has published everything in the outbox (its announcements included).
   */
  pipelineCaughtUp(): Promise<void>;
  /** The SQL statements the app issued while `run` ran. */
  statementsDuring(run: () => Promise<unknown>): Promise<string[]>;
  /** Outbox rows (event payloads) in order, optionally of one aggregate. */
  outbox(aggregateId?: string): Promise<EventEnvelope[]>;
  /** Stops the app, runs `whileStopped`, starts a new app on the same database and namespace. */
  restart(whileStopped?: () => Promise<void>): Promise<void>;
  stop(): Promise<void>;
}

export async function startDealsHarness(prefix: string): Promise<DealsHarness> {
  const db: TestDatabase = await createTestDatabase('sg_deals');
  const namespace = uniqueName(prefix);
  let recording: string[] | null = null;
  const config = parseConfig(dealsEnv, {
    DATABASE_URL: db.url,
    KAFKA_BROKERS: testKafkaBrokers(),
    KAFKA_NAMESPACE: namespace,
    GATEWAY_IDENTITY_SECRET: TEST_IDENTITY_SECRET,
    PORT: '0',
    NODE_ENV: 'test',
  });
  const newApp = () =>
    createDealsApp({
      config,
      logger: createLogger('deals-test', 'silent'),
      onQuery: (statement) => recording?.push(statement),
    });
  let app = await newApp();
  await app.start();
  const bus = createKafkaBus({ brokers: [testKafkaBrokers()], clientId: `${prefix}-test`, namespace });
  await bus.ensureTopics([topics.company, topics.contact]);
  const producer: BusProducer = await bus.producer();
  const sql = new pg.Client({ connectionString: db.url });
  await sql.connect();

  const publish = async (...events: EventEnvelope[]) => {
    for (const topic of [topics.company, topics.contact]) {
      const messages = events.filter(
        (event) => (event.aggregateType === 'contact' ? topics.contact : topics.company) === topic,
      );
      if (messages.length)
        await producer.send(
          topic,
          messages.map((event) => ({ key: event.aggregateId, value: JSON.stringify(event) })),
        );
    }
  };
  const caughtUp = async () => {
    await waitFor(
      async () => {
        for (const projection of app.projections)
          if ((await projection.lag()).some((entry) => entry.lag > 0)) return false;
        return true;
      },
      { description: 'the projections to catch up', timeoutMs: 60_000 },
    );
  };

  const companies: DealsHarness['companies'] = async (tenant, list) => {
    const employees = { SMB: 50, MID: 300, ENTERPRISE: 2000 } as const;
    const events = list.map(({ legalName, segment = 'SMB', id = randomUUID() }) =>
      createEvent({
        eventType: 'company.created',
        tenantId: tenant,
        aggregateType: 'company',
        aggregateId: id,
        aggregateVersion: 1,
        source: 'accounts',
        actor: 'test',
        data: {
          company: {
            id,
            legalName,
            tradeName: null,
            cnpj: '11222333000181',
            industry: null,
            employeeCount: employees[segment],
            segment,
            ownerId: 'rep-1',
            parentId: null,
          },
        },
      }),
    );
    await publish(...events);
    const ids = events.map((event) => event.aggregateId);
    await waitFor(
      async () =>
        (await sql.query('select count(*)::int as n from deals.account_summary where id = any($1)', [ids])).rows[0]
          .n === ids.length,
      { description: `${ids.length} company summaries` },
    );
    return ids;
  };

  return {
    get app() {
      return app;
    },
    sql,
    bus,
    async call(caller, query, variables = {}, headers = {}) {
      return graphqlRequest(app.url, query, variables, { ...(await identityHeaders(caller)), ...headers });
    },
    async company(tenant, legalName, segment = 'SMB', id = randomUUID()) {
      const [companyId] = await companies(tenant, [{ legalName, segment, id }]);
      return companyId!;
    },
    companies,
    async contact(tenant, companyId, meddicRole, options = {}) {
      const id = options.id ?? randomUUID();
      const contact = { id, companyId, meddicRole };
      const base = {
        tenantId: tenant,
        aggregateType: 'contact',
        aggregateId: id,
        aggregateVersion: options.version ?? 1,
        source: 'accounts',
        actor: 'test',
      };
      const type = options.type ?? 'contact.created';
      if (type === 'contact.created') await publish(createEvent({ ...base, eventType: type, data: { contact } }));
      if (type === 'contact.updated')
        await publish(createEvent({ ...base, eventType: type, data: { contact, changed: ['meddicRole'] } }));
      if (type === 'contact.erased')
        await publish(createEvent({ ...base, eventType: type, data: { contactId: id, companyId } }));
      return id;
    },
    publish,
    caughtUp,
    async pipelineCaughtUp() {
      await waitFor(
        async () =>
          (
            await sql.query(
              `select count(*)::int as n from deals.outbox o
          where o.published_at is null
             or (o.payload->>'aggregateType' = 'deal'
                 and not exists (select 1 from deals.inbox_event i where i.consumer = 'deals.pipeline-summary' and i.event_id = o.event_id))`,
            )
          ).rows[0].n === 0,
        {
          description: 'deals.pipeline-summary to apply every deal event, and the outbox to be published',
          timeoutMs: 60_000,
        },
      );
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
        `select payload from deals.outbox ${aggregateId ? `where message_key = $1` : ''} order by id`,
        aggregateId ? [aggregateId] : [],
      );
      return rows.rows.map((row: { payload: EventEnvelope }) => row.payload);
    },
    async restart(whileStopped) {
      await app.stop();
      await whileStopped?.();
      app = await newApp();
      await app.start();
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
