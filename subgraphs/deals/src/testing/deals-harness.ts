import { randomUUID } from 'node:crypto';
import type { Role } from '@salesgraph/auth';
import { parseConfig } from '@salesgraph/config';
import { createEvent, topics, type EventData, type EventEnvelope } from '@salesgraph/events';
import { companyCreated } from '@salesgraph/events/testing';
import { createLogger } from '@salesgraph/logging';
import {
  openSubgraphTestBed,
  projectionsCaughtUp,
  startAppUnderTest,
  statementRecorder,
  type SubgraphHarnessBase,
} from '@salesgraph/subgraph/testing';
import { graphqlRequestAs, waitFor } from '@salesgraph/testkit';
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
export interface DealsHarness extends SubgraphHarnessBase<Caller> {
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
  const bed = await openSubgraphTestBed({ prefix, database: 'sg_deals', topics: [topics.company, topics.contact] });
  const { sql } = bed;
  const statements = statementRecorder();
  const config = parseConfig(dealsEnv, bed.env);
  const app = await startAppUnderTest(() =>
    createDealsApp({ config, logger: createLogger('deals-test', 'silent'), onQuery: statements.onQuery }),
  );

  const publish = async (...events: EventEnvelope[]) => {
    for (const topic of [topics.company, topics.contact]) {
      const messages = events.filter(
        (event) => (event.aggregateType === 'contact' ? topics.contact : topics.company) === topic,
      );
      if (messages.length) await bed.publish(topic, ...messages);
    }
  };
  const caughtUp = () => projectionsCaughtUp(app.current, 60_000);

  const companies: DealsHarness['companies'] = async (tenant, list) => {
    const employees = { SMB: 50, MID: 300, ENTERPRISE: 2000 } as const;
    const events = list.map(({ legalName, segment = 'SMB', id = randomUUID() }) =>
      companyCreated({
        tenant,
        actor: 'test',
        company: { id, legalName, employeeCount: employees[segment], segment, ownerId: 'rep-1' },
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
      return app.current;
    },
    sql,
    bus: bed.bus,
    call: (caller, query, variables, headers) => graphqlRequestAs(app.current.url, caller, query, variables, headers),
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
    statementsDuring: (run) => statements.during(run),
    outbox: async (aggregateId) => (await bed.outbox('deals', { messageKey: aggregateId })) as EventEnvelope[],
    restart: (whileStopped) => app.restart(whileStopped),
    async stop() {
      await app.stop();
      await bed.close();
    },
  };
}
