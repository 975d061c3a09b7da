import { parseConfig } from '@salesgraph/config';
import type { Role } from '@salesgraph/auth';
import { createLogger } from '@salesgraph/logging';
import { openSubgraphTestBed, startAppUnderTest, type SubgraphHarnessBase } from '@salesgraph/subgraph/testing';
import { graphqlRequestAs, type TestDatabase } from '@salesgraph/testkit';
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
export interface AccountsHarness extends SubgraphHarnessBase<Caller> {
  readonly db: TestDatabase;
  readonly namespace: string;
  restart(between?: () => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

export async function startAccountsHarness(
  prefix: string,
  options: { onQuery?: (sql: string) => void } = {},
): Promise<AccountsHarness> {
  const bed = await openSubgraphTestBed({ prefix });
  const config = parseConfig(accountsEnv, bed.env);
  const app = await startAppUnderTest(() =>
    createAccountsApp({ config, logger: createLogger('accounts-test', 'silent'), onQuery: options.onQuery }),
  );
  return {
    db: bed.db,
    sql: bed.sql,
    bus: bed.bus,
    namespace: bed.namespace,
    get app() {
      return app.current;
    },
    call: (who, query, variables, headers) => graphqlRequestAs(app.current.url, who, query, variables, headers),
    restart: (between) => app.restart(between),
    async close() {
      await app.stop();
      await bed.close();
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
  const result = await harness.call(who, createCompanyMutation, {
    input: { legalName: 'Empresa Teste Ltda', cnpj: nextCnpj(), employeeCount: 50, ...input },
  });
  const company = result.data?.['createCompany']?.company as { id: string } | null | undefined;
  if (!company) throw new Error(`createCompany failed: ${JSON.stringify(result.errors ?? result.data)}`);
  return company.id;
}
