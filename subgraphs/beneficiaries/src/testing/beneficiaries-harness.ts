import { randomUUID } from 'node:crypto';
import type { Role } from '@salesgraph/auth';
import { parseConfig } from '@salesgraph/config';
import { topics, type EventEnvelope, type EventType } from '@salesgraph/events';
import { createLogger } from '@salesgraph/logging';
import { openSubgraphTestBed, statementRecorder, type SubgraphHarnessBase } from '@salesgraph/subgraph/testing';
import { graphqlRequestAs, waitFor } from '@salesgraph/testkit';
import { beneficiariesEnv } from '../config.js';
import { createBeneficiariesApp } from '../app.js';
import { withCpfCheckDigits } from '../beneficiary/cpf.js';
import {
  contractEvent,
  contractSnapshot,
  type ContractSnapshot,
  type ContractStatus,
  type PlanType,
} from './contract-events.js';

export interface Caller {
  readonly tenant: string;
  readonly roles: readonly Role[];
  readonly sub?: string;
}

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
export interface BeneficiariesHarness extends SubgraphHarnessBase<Caller> {
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
  const bed = await openSubgraphTestBed({ prefix, database: 'sg_beneficiaries', topics: [topics.contract] });
  const { sql } = bed;
  const statements = statementRecorder();
  const config = parseConfig(beneficiariesEnv, {
    ...bed.env,
    ANS_OPERATOR_REGISTRATION: OPERATOR_REGISTRATION,
    ...options.env,
  });
  const app = await createBeneficiariesApp({
    config,
    logger: createLogger('beneficiaries-test', 'silent'),
    onQuery: statements.onQuery,
  });
  await app.start();
  const contracts = new Map<string, { tenant: string; version: number; snapshot: ContractSnapshot }>();
  let contractNumber = 0;
  let cpfSeed = Math.floor(Math.random() * 1000) * 1_000_000;

  const publishStatus = async (id: string, status: ContractStatus) => {
    const known = contracts.get(id)!;
    known.version += 1;
    known.snapshot = { ...known.snapshot, status };
    const eventType = eventFor[status];
    const data = { ...extraFor[eventType], contract: known.snapshot };
    await bed.publish(topics.contract, contractEvent(eventType, known.tenant, known.version, data));
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
    bus: bed.bus,
    call: (caller, query, variables, headers) =>
      graphqlRequestAs(app.url, { sub: 'user-1', ...caller }, query, variables, headers),
    async contract({ tenant, status = 'ACTIVE', contractedLives = 10, planType = 'HOSPITALAR' }) {
      const id = randomUUID();
      contractNumber += 1;
      const number = `CT-2026-${String(contractNumber).padStart(6, '0')}`;
      const snapshot = contractSnapshot({ id, number, lives: contractedLives, planType });
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
    statementsDuring: (run) => statements.during(run),
    outbox: async (aggregateId) => (await bed.outbox('beneficiaries', { messageKey: aggregateId })) as EventEnvelope[],
    async stop() {
      await app.stop();
      await bed.close();
    },
  };
}
