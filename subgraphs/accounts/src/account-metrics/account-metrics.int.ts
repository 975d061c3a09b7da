import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createKafkaBus, type BusProducer, type MessageBus } from '@salesgraph/kafka';
import { createEvent, topics, type EventData, type EventEnvelope, type EventType } from '@salesgraph/events';
import { testKafkaBrokers, uniqueName, waitFor } from '@salesgraph/testkit';
import { createCompany, startAccountsHarness, type AccountsHarness, type Caller } from '../testing/accounts-harness.js';

type DealSnapshot = EventData<'deal.created'>['deal'];
type ContractSnapshot = EventData<'contract.drafted'>['contract'];
type BeneficiarySnapshot = EventData<'beneficiary.enrolled'>['beneficiary'];

const CONSUMER = 'accounts.account-metrics';
const metricsQuery = `query($id: ID!) { company(id: $id) { metrics { openDeals openPipelineValue wonValue activeContracts activeLives } } }`;

describe('accounts: the AccountMetrics projection on real Kafka and PostgreSQL', () => {
  let harness: AccountsHarness;
  let bus: MessageBus;
  let producer: BusProducer;
  const statements: string[] = [];
  let counting = false;
  const tenant = uniqueName('tenant');
  const manager: Caller = { tenant, roles: ['SALES_MANAGER'], sub: 'manager-1' };
  let companyId: string;
  const sent: { topic: string; event: EventEnvelope }[] = [];

  const event = <T extends EventType>(
    eventType: T,
    source: string,
    aggregateType: string,
    aggregateId: string,
    version: number,
    data: EventData<T>,
    tenantId = tenant,
  ) =>
    createEvent({
      eventType,
      tenantId,
      aggregateType,
      aggregateId,
      aggregateVersion: version,
      source,
      actor: 'test',
      data,
    });
  const publish = async (topic: string, ...events: EventEnvelope[]) => {
    await producer.send(
      topic,
      events.map((entry) => ({ key: entry.aggregateId, value: JSON.stringify(entry) })),
    );
    sent.push(...events.map((entry) => ({ topic, event: entry })));
  };

  const deal = (
    id: string,
    stage: DealSnapshot['stage'],
    estimatedValue: string,
    company = companyId,
  ): DealSnapshot => ({
    id,
    companyId: company,
    ownerId: 'rep-1',
    title: 'Plano empresarial',
    stage,
    estimatedValue,
    estimatedLives: 40,
    probability: 10,
    expectedCloseDate: null,
  });
  const contract = (id: string, status: ContractSnapshot['status'], company = companyId): ContractSnapshot => ({
    id,
    number: 'CT-2026-000123',
    companyId: company,
    dealId: randomUUID(),
    planType: 'HOSPITALAR',
    monthlyPremiumPerLife: '450.00',
    contractedLives: 40,
    discountPercent: '0',
    monthlyValue: '18000.00',
    annualValue: '216000.00',
    startDate: '2026-01-01',
    endDate: '2027-01-01',
    status,
    approvalLevel: 'SALES_MANAGER',
  });
  const beneficiary = (id: string, contractId: string, active: boolean, company = companyId): BeneficiarySnapshot => ({
    id,
    contractId,
    companyId: company,
    relationship: 'HOLDER',
    holderId: null,
    inclusionDate: '2026-01-05',
    ansStatus: 'PENDING',
    ansDeadline: '2026-01-08T00:00:00Z',
    active,
  });
  const dealEvent = <T extends EventType>(
    type: T,
    snapshot: DealSnapshot,
    version: number,
    extra: object = {},
    tenantId = tenant,
  ) => event(type, 'deals', 'deal', snapshot.id, version, { deal: snapshot, ...extra } as EventData<T>, tenantId);
  const contractEvent = <T extends EventType>(
    type: T,
    snapshot: ContractSnapshot,
    version: number,
    extra: object = {},
  ) => event(type, 'contracts', 'contract', snapshot.id, version, { contract: snapshot, ...extra } as EventData<T>);
  const beneficiaryEvent = <T extends EventType>(type: T, snapshot: BeneficiarySnapshot, version: number) =>
    event(type, 'beneficiaries', 'beneficiary', snapshot.id, version, { beneficiary: snapshot } as EventData<T>);

  const metricsOf = async (id: string) =>
    (await harness.call(manager, metricsQuery, { id })).data!['company'].metrics as Record<string, unknown>;
  const waitForMetrics = (id: string, expected: Record<string, unknown>, description: string) =>
    waitFor(
      async () => {
        const actual = await metricsOf(id);
        return JSON.stringify(actual) === JSON.stringify(expected) ? actual : undefined;
      },
      { description },
    );
  const lagIsZero = async () => (await harness.app.projections[0]!.lag()).every((entry) => entry.lag === 0);
  const rows = async () =>
    (
      await harness.sql.query(`
        select 'deal' as kind, id, tenant_id, company_id, source_version, stage as state, estimated_value::text as value from accounts.account_metrics_deal
        union all select 'contract', id, tenant_id, company_id, source_version, status, null from accounts.account_metrics_contract
        union all select 'beneficiary', id, tenant_id, company_id, source_version, active::text, null from accounts.account_metrics_beneficiary
        order by kind, id`)
    ).rows;

  before(async () => {
    harness = await startAccountsHarness('accounts_metrics', { onQuery: (sql) => counting && statements.push(sql) });
    bus = createKafkaBus({
      brokers: [testKafkaBrokers()],
      clientId: 'accounts-metrics-test',
      namespace: harness.namespace,
    });
    await bus.ensureTopics([topics.deal, topics.contract, topics.beneficiary]);
    producer = await bus.producer();
    companyId = await createCompany(harness, manager);
  });

  after(async () => {
    await producer?.disconnect();
    await bus?.close();
    await harness?.close();
  });

  const d1 = randomUUID();
  const d2 = randomUUID();
  const d3 = randomUUID();
  const c1 = randomUUID();
  const c2 = randomUUID();
  const [b1, b2, b3] = [randomUUID(), randomUUID(), randomUUID()];

  it('starts every company at zero', async () => {
    assert.deepEqual(await metricsOf(companyId), {
      openDeals: 0,
      openPipelineValue: '0.00',
      wonValue: '0.00',
      activeContracts: 0,
      activeLives: 0,
    });
  });

  it("counts open deals and their value, and moves a deal's value to wonValue when it reaches CLOSED_WON", async () => {
    await publish(
      topics.deal,
      dealEvent('deal.created', deal(d1, 'LEAD', '100000.00'), 1),
      dealEvent('deal.created', deal(d2, 'LEAD', '50000.50'), 1),
      dealEvent('deal.created', deal(d3, 'LEAD', '30000.00'), 1),
      dealEvent('deal.lost', deal(d3, 'CLOSED_LOST', '30000.00'), 2, { lostReason: 'preço' }),
      dealEvent('deal.stage_changed', deal(d2, 'PROPOSAL', '50000.50'), 2, { from: 'LEAD', to: 'PROPOSAL' }),
    );
    await waitForMetrics(
      companyId,
      { openDeals: 2, openPipelineValue: '150000.50', wonValue: '0.00', activeContracts: 0, activeLives: 0 },
      'two open deals',
    );
    await publish(
      topics.deal,
      dealEvent('deal.stage_changed', deal(d1, 'NEGOTIATION', '120000.00'), 2, { from: 'LEAD', to: 'NEGOTIATION' }),
      dealEvent('deal.stage_changed', deal(d1, 'CLOSED_WON', '120000.00'), 3, {
        from: 'NEGOTIATION',
        to: 'CLOSED_WON',
      }),
      dealEvent('deal.won', deal(d1, 'CLOSED_WON', '120000.00'), 4),
    );
    await waitForMetrics(
      companyId,
      { openDeals: 1, openPipelineValue: '50000.50', wonValue: '120000.00', activeContracts: 0, activeLives: 0 },
      'one deal won',
    );
  });

  it('counts ACTIVE contracts only: a contract ACTIVE then SUSPENDED stops counting', async () => {
    await publish(
      topics.contract,
      contractEvent('contract.drafted', contract(c1, 'DRAFT'), 1),
      contractEvent('contract.activated', contract(c1, 'ACTIVE'), 2),
    );
    await waitForMetrics(
      companyId,
      { openDeals: 1, openPipelineValue: '50000.50', wonValue: '120000.00', activeContracts: 1, activeLives: 0 },
      'one active contract',
    );
    await publish(
      topics.contract,
      contractEvent('contract.signed', contract(c2, 'SIGNED'), 1, { signedAt: '2026-01-02T10:00:00Z' }),
    );
    await publish(
      topics.contract,
      contractEvent('contract.activated', contract(c2, 'ACTIVE'), 2),
      contractEvent('contract.suspended', contract(c1, 'SUSPENDED'), 3, { reason: 'inadimplência' }),
    );
    await waitFor(lagIsZero, { description: 'the projection to catch up' });
    await waitForMetrics(
      companyId,
      { openDeals: 1, openPipelineValue: '50000.50', wonValue: '120000.00', activeContracts: 1, activeLives: 0 },
      'c1 suspended, c2 active',
    );
    const states = (await rows())
      .filter((row) => row.kind === 'contract')
      .map((row): [string, string] => [row.id, row.state]);
    assert.deepEqual(
      new Map(states),
      new Map([
        [c1, 'SUSPENDED'],
        [c2, 'ACTIVE'],
      ]),
    );
  });

  it('counts active lives: a beneficiary enrolled then removed stops counting', async () => {
    await publish(
      topics.beneficiary,
      beneficiaryEvent('beneficiary.enrolled', beneficiary(b1, c2, true), 1),
      beneficiaryEvent('beneficiary.enrolled', beneficiary(b2, c2, true), 1),
      beneficiaryEvent('beneficiary.enrolled', beneficiary(b3, c2, true), 1),
    );
    await waitForMetrics(
      companyId,
      { openDeals: 1, openPipelineValue: '50000.50', wonValue: '120000.00', activeContracts: 1, activeLives: 3 },
      'three lives',
    );
    await publish(topics.beneficiary, beneficiaryEvent('beneficiary.removed', beneficiary(b2, c2, false), 2));
    await waitForMetrics(
      companyId,
      { openDeals: 1, openPipelineValue: '50000.50', wonValue: '120000.00', activeContracts: 1, activeLives: 2 },
      'a life removed',
    );
  });

  it("changes nothing on redelivered events, older versions arriving late, or another tenant's events for the same ids", async () => {
    await waitFor(lagIsZero, { description: 'the projection to catch up' });
    const before = { metrics: await metricsOf(companyId), rows: await rows() };
    for (const { topic, event: again } of [...sent])
      await producer.send(topic, [{ key: again.aggregateId, value: JSON.stringify(again) }]);
    await publish(
      topics.deal,
      dealEvent('deal.stage_changed', deal(d1, 'NEGOTIATION', '120000.00'), 2, { from: 'LEAD', to: 'NEGOTIATION' }),
      dealEvent('deal.created', deal(d1, 'LEAD', '999.00'), 3),
    );
    await publish(topics.beneficiary, beneficiaryEvent('beneficiary.enrolled', beneficiary(b2, c2, true), 1));
    const intruder = uniqueName('intruder');
    await publish(
      topics.deal,
      dealEvent('deal.created', deal(randomUUID(), 'LEAD', '5000000.00'), 1, {}, intruder),
      dealEvent('deal.reopened', deal(d1, 'NEGOTIATION', '1.00'), 9, { from: 'CLOSED_WON' }, intruder),
    );
    await waitFor(lagIsZero, { description: 'the projection to catch up' });
    assert.deepEqual(
      { metrics: await metricsOf(companyId), rows: (await rows()).filter((row) => row.tenant_id === tenant) },
      before,
    );
    const foreign = await harness.sql.query(
      'select count(*)::int as n from accounts.account_metrics_deal where tenant_id = $1 and company_id = $2',
      [intruder, companyId],
    );
    assert.equal(foreign.rows[0].n, 1, "the intruder's deal is kept in its own tenant only");
    const seenByIntruder = await harness.call({ tenant: intruder, roles: ['SYSTEM_ADMIN'], sub: 'x' }, metricsQuery, {
      id: companyId,
    });
    assert.equal(seenByIntruder.data!['company'], null);
  });

  it('ends equal after a replay from the beginning, and after a rebuild from empty tables', async () => {
    await waitFor(lagIsZero, { description: 'the projection to catch up' });
    const before = { metrics: await metricsOf(companyId), rows: await rows() };

    const projectionTopics = [topics.deal, topics.contract, topics.beneficiary];
    await harness.restart(() => bus.resetGroup(CONSUMER, projectionTopics));
    await waitFor(lagIsZero, { description: 'the replay to finish', timeoutMs: 60_000 });
    assert.deepEqual({ metrics: await metricsOf(companyId), rows: await rows() }, before);

    await harness.restart(async () => {
      await harness.sql.query(
        `truncate accounts.account_metrics_deal, accounts.account_metrics_contract, accounts.account_metrics_beneficiary`,
      );
      await harness.sql.query(`delete from accounts.inbox_event where consumer = $1`, [CONSUMER]);
      await harness.sql.query(`delete from accounts.inbox_aggregate where consumer = $1`, [CONSUMER]);
      await bus.resetGroup(CONSUMER, projectionTopics);
    });
    await waitFor(lagIsZero, { description: 'the rebuild to finish', timeoutMs: 60_000 });
    await waitForMetrics(companyId, before.metrics, 'the rebuilt metrics');
    assert.deepEqual(await rows(), before.rows);
  });

  it('resolves Company { contacts metrics } for 10 and for 50 companies through _entities with the same number of SQL statements', async () => {
    const rep: Caller = { tenant, roles: ['SALES_REP'], sub: 'rep-somebody-else' };
    const ids: string[] = [];
    for (let batch = 0; batch < 5; batch++) {
      ids.push(...(await Promise.all(Array.from({ length: 10 }, () => createCompany(harness, manager)))));
    }
    const addContact = `mutation($input: AddContactInput!) { addContact(input: $input) { contact { id } } }`;
    for (const id of ids) {
      await Promise.all([
        harness.call(manager, addContact, {
          input: { companyId: id, name: 'Contato A', email: 'a@empresa.com.br', meddicRole: 'CHAMPION' },
        }),
        harness.call(manager, addContact, {
          input: { companyId: id, name: 'Contato B', phone: '+551133224455', meddicRole: 'ECONOMIC_BUYER' },
        }),
      ]);
    }
    await publish(
      topics.deal,
      ...ids.slice(0, 5).map((id) => dealEvent('deal.created', deal(randomUUID(), 'LEAD', '1000.00', id), 1)),
    );
    await waitFor(async () => (await metricsOf(ids[4]!)).openDeals === 1, {
      description: 'deals of the new companies',
    });
    await waitFor(lagIsZero, { description: 'the projection to be idle' });

    const entities = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Company { id contacts { id name email phone meddicRole company { id } } metrics { openDeals openPipelineValue wonValue activeContracts activeLives } } } }`;
    const cost = async (n: number) => {
      statements.length = 0;
      counting = true;
      const result = await harness.call(rep, entities, {
        r: ids.slice(0, n).map((id) => ({ __typename: 'Company', id })),
      });
      counting = false;
      assert.equal(result.errors, undefined, JSON.stringify(result.errors));
      const companies = result.data!['_entities'] as {
        id: string;
        contacts: { email: string | null; phone: string | null }[];
        metrics: { openDeals: number };
      }[];
      assert.equal(companies.length, n);
      assert.ok(companies.every((company) => company.contacts.length === 2));
      assert.equal(companies[0]!.contacts[0]!.email ?? companies[0]!.contacts[1]!.email, 'a***@empresa.com.br');
      assert.equal(companies.filter((company) => company.metrics.openDeals === 1).length, Math.min(n, 5));
      return statements.length;
    };
    const ten = await cost(10);
    const fifty = await cost(50);
    assert.equal(fifty, ten, `${statements.join('\n')}`);
    assert.equal(ten, 3, 'companies, contacts and metrics: one statement each');
  });
});
