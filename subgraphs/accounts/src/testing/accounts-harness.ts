import pg from 'pg';
import { parseConfig } from '@salesgraph/config';
import type { Role } from '@salesgraph/auth';
import { createLogger } from '@salesgraph/logging';
import type { SubgraphService } from '@salesgraph/subgraph';
import {
  TEST_IDENTITY_SECRET,
  createTestDatabase,
  graphqlRequest,
  identityHeaders,
  testKafkaBrokers,
  uniqueName,
  type GraphQLResponse,
  type TestDatabase,
} from '@salesgraph/testkit';
import { accountsEnv } from '../config.js';
import { createAccountsApp } from '../app.js';
import { withCnpjCheckDigits } from '../company/cnpj.js';

export interface Caller {
  readonly tenant: string;
  readonly roles: readonly Role[];
  readonly sub: string;
}

/**
 * The accounts subgraph in-process on a database of its own and a Kafka namespace of its own,
 * called over HTTP as the gateway would. `restart(between)` stops the service, runs `between`
 * (e.g. a consumer-group reset) while it is down, and starts it again on the same data.
 */
export interface AccountsHarness {
  readonly db: TestDatabase;
  readonly sql: pg.Client;
  readonly namespace: string;
  readonly app: SubgraphService;
  /** A call as the gateway makes it, with any write headers (Idempotency-Key, Salesgraph-After-Event). */
  call(
    query: string,
    variables: Record<string, unknown>,
    who: Caller,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse>;
  restart(between?: () => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

export async function startAccountsHarness(
  prefix: string,
  options: { onQuery?: (sql: string) => void } = {},
): Promise<AccountsHarness> {
  const db = await createTestDatabase(`sg_${prefix}`);
  const namespace = uniqueName(prefix);
  const config = parseConfig(accountsEnv, {
    DATABASE_URL: db.url,
    KAFKA_BROKERS: testKafkaBrokers(),
    KAFKA_NAMESPACE: namespace,
    GATEWAY_IDENTITY_SECRET: TEST_IDENTITY_SECRET,
    PORT: '0',
    NODE_ENV: 'test',
  });
  const boot = async () => {
    const service = await createAccountsApp({
      config,
      logger: createLogger('accounts-test', 'silent'),
      onQuery: options.onQuery,
    });
    await service.start();
    return service;
  };
  let app = await boot();
  const sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
  return {
    db,
    sql,
    namespace,
    get app() {
      return app;
    },
    call: async (query, variables, who, headers = {}) =>
      graphqlRequest(app.url, query, variables, { ...(await identityHeaders(who)), ...headers }),
    async restart(between) {
      await app.stop();
      await between?.();
      app = await boot();
    },
    async close() {
      await sql.end();
      await app.stop();
      await db.drop();
    },
  };
}

let cnpjSeed = 0;

/** A valid CNPJ no other call in this process returned. */
export function nextCnpj(): string {
  cnpjSeed += 1;
  const base = `${String(process.pid % 10_000).padStart(4, '0')}${String(cnpjSeed).padStart(4, '0')}0001`;
  return withCnpjCheckDigits(base);
}

const createCompanyMutation = `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { company { id version } problem { reason } } }`;

/** Creates a company through the public mutation; returns its id. */
export async function createCompany(
  harness: AccountsHarness,
  who: Caller,
  input: Record<string, unknown> = {},
): Promise<string> {
  const result = await harness.call(
    createCompanyMutation,
    { input: { legalName: 'Empresa Teste Ltda', cnpj: nextCnpj(), employeeCount: 50, ...input } },
    who,
  );
  const company = result.data?.['createCompany']?.company as { id: string } | null | undefined;
  if (!company) throw new Error(`createCompany failed: ${JSON.stringify(result.errors ?? result.data)}`);
  return company.id;
}
