import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createEvent, topics, type EventData } from '@salesgraph/events';
import { rebuildProjection } from '@salesgraph/projection';
import { uniqueName, waitFor } from '@salesgraph/testkit';
import { accountSummaryProjection } from './account-summary.projection.js';
import { startDealsHarness, type Caller, type DealsHarness } from '../testing/deals-harness.js';

describe('deals: the AccountSummary projection on real Kafka and PostgreSQL', () => {
  let h: DealsHarness;
  const tenant = uniqueName('tenant');
  const manager: Caller = { tenant, roles: ['SALES_MANAGER'], sub: 'manager-1' };
  const companyEvent = (
    type: 'company.created' | 'company.updated',
    version: number,
    company: EventData<'company.created'>['company'],
  ) =>
    createEvent({
      eventType: type,
      tenantId: tenant,
      aggregateType: 'company',
      aggregateId: company.id,
      aggregateVersion: version,
      source: 'accounts',
      actor: 'test',
      data: type === 'company.created' ? { company } : { company, changed: ['legalName'] },
    });
  const summaries = async () =>
    (
      await h.sql.query(
        'select id, legal_name, segment, economic_buyers, champions, version, updated_at from deals.account_summary order by id',
      )
    ).rows;
  const roles = async (companyId: string) =>
    (await h.sql.query('select economic_buyers, champions from deals.account_summary where id = $1', [companyId]))
      .rows[0] as { economic_buyers: number; champions: number } | undefined;

  before(async () => {
    h = await startDealsHarness('deals_summary');
  });

  after(async () => {
    await h?.stop();
  });

  const base = (id: string, legalName: string) => ({
    id,
    legalName,
    tradeName: null,
    cnpj: '11222333000181',
    industry: null,
    employeeCount: 50,
    segment: 'SMB' as const,
    ownerId: 'rep-1',
    parentId: null,
  });

  it('keeps a summary per company from company events and answers deals(filter: { companyName })', async () => {
    const a = randomUUID();
    const b = randomUUID();
    await h.publish(
      companyEvent('company.created', 1, base(a, 'Alfa Alimentos')),
      companyEvent('company.created', 1, base(b, 'Beta Bebidas')),
    );
    await h.publish(
      companyEvent('company.updated', 2, { ...base(a, 'Alfa Alimentos e Cia'), segment: 'MID', employeeCount: 300 }),
    );
    await waitFor(async () => (await summaries()).some((row) => row.legal_name === 'Alfa Alimentos e Cia'), {
      description: 'the renamed summary',
    });

    const create = `mutation($input: CreateDealInput!) { createDeal(input: $input) { deal { id } } }`;
    const dealA = await h.call(manager, create, {
      input: { companyId: a, title: 'Deal Alfa', estimatedValue: '1000.00', estimatedLives: 10 },
    });
    await h.call(manager, create, {
      input: { companyId: b, title: 'Deal Beta', estimatedValue: '1000.00', estimatedLives: 10 },
    });
    const found = await h.call(
      manager,
      `{ deals(filter: { companyName: "alimentos E CIA" }) { edges { node { id title } } } }`,
    );
    assert.deepEqual(found.data!['deals'].edges, [
      { node: { id: dealA.data!['createDeal'].deal.id, title: 'Deal Alfa' } },
    ]);
  });

  it('ignores a redelivered event and an older version of the same company', async () => {
    const id = randomUUID();
    const created = companyEvent('company.created', 1, base(id, 'Gama Gráfica'));
    const renamed = companyEvent('company.updated', 2, base(id, 'Gama Gráfica Nova'));
    await h.publish(created, renamed);
    await waitFor(async () => (await summaries()).some((row) => row.legal_name === 'Gama Gráfica Nova'), {
      description: 'the summary at version 2',
    });
    const before = await summaries();
    await h.publish(renamed, created, companyEvent('company.updated', 1, base(id, 'Gama Antiga')));
    await h.caughtUp();
    assert.deepEqual(await summaries(), before);
  });

  it('counts ECONOMIC_BUYER and CHAMPION contacts from contact events, adjusting on role changes and erasures', async () => {
    const company = await h.company(tenant, 'Delta Distribuidora');
    const buyer = await h.contact(tenant, company, 'ECONOMIC_BUYER');
    const champion = await h.contact(tenant, company, 'CHAMPION');
    await h.contact(tenant, company, 'USER');
    await h.contact(tenant, company, null);
    await h.caughtUp();
    assert.deepEqual(await roles(company), { economic_buyers: 1, champions: 1 });
    await h.contact(tenant, company, 'CHAMPION', { id: buyer, version: 2, type: 'contact.updated' });
    await h.caughtUp();
    assert.deepEqual(
      await roles(company),
      { economic_buyers: 0, champions: 2 },
      'a role change moves the contact between counts',
    );
    await h.contact(tenant, company, 'CHAMPION', { id: champion, version: 2, type: 'contact.erased' });
    await h.contact(tenant, company, 'CHAMPION', { id: champion, version: 2, type: 'contact.erased' });
    await h.caughtUp();
    assert.deepEqual(
      await roles(company),
      { economic_buyers: 0, champions: 1 },
      'an erasure counts once, whatever the redelivery',
    );
    const rows = await h.sql.query(
      'select meddic_role, erased from deals.account_contact where company_id = $1 order by meddic_role nulls last, erased',
      [company],
    );
    assert.deepEqual(
      rows.rows.map((row) => [row.meddic_role, row.erased]),
      [
        ['CHAMPION', false],
        ['USER', false],
        [null, false],
        [null, true],
      ],
    );
  });

  it('counts the roles of contacts that arrive before their company, and moves them with a contact that changes company', async () => {
    const early = randomUUID();
    const other = await h.company(tenant, 'Épsilon Energia');
    const contact = await h.contact(tenant, early, 'ECONOMIC_BUYER');
    await h.caughtUp();
    await h.company(tenant, 'Zeta Zinco', 'MID', early);
    assert.deepEqual(await roles(early), { economic_buyers: 1, champions: 0 });
    await h.publish(
      createEvent({
        eventType: 'contact.updated',
        tenantId: tenant,
        aggregateType: 'contact',
        aggregateId: contact,
        aggregateVersion: 2,
        source: 'accounts',
        actor: 'test',
        data: { contact: { id: contact, companyId: other, meddicRole: 'ECONOMIC_BUYER' }, changed: ['companyId'] },
      }),
    );
    await h.caughtUp();
    assert.deepEqual(
      [await roles(early), await roles(other)],
      [
        { economic_buyers: 0, champions: 0 },
        { economic_buyers: 1, champions: 0 },
      ],
    );
  });

  it('ends equal when the topics are replayed from the beginning', async () => {
    await h.caughtUp();
    const before = await summaries();
    assert.ok(before.length >= 5);
    const contactsBefore = (
      await h.sql.query('select id, company_id, meddic_role, erased from deals.account_contact order by id')
    ).rows;
    await h.restart(() => h.bus.resetGroup('deals.account-summary', [topics.company, topics.contact]));
    await h.caughtUp();
    const applied = await h.sql.query(
      `select count(*)::int as n from deals.inbox_event where consumer = 'deals.account-summary'`,
    );
    assert.ok(applied.rows[0].n >= 12);
    assert.deepEqual(await summaries(), before);
    assert.deepEqual(
      (await h.sql.query('select id, company_id, meddic_role, erased from deals.account_contact order by id')).rows,
      contactsBefore,
    );
  });

  it('ends equal when rebuilt from empty tables and the beginning of its topics', async () => {
    const state = async () => ({
      summaries: (
        await h.sql.query(
          'select id, tenant_id, legal_name, trade_name, segment, owner_id, economic_buyers, champions, erased from deals.account_summary order by id',
        )
      ).rows,
      contacts: (
        await h.sql.query(
          'select id, tenant_id, company_id, meddic_role, erased from deals.account_contact order by id',
        )
      ).rows,
    });
    await h.caughtUp();
    const incremental = await state();
    assert.ok(incremental.contacts.length >= 5);
    await h.app.projections[0]!.stop();
    const { applied } = await rebuildProjection({
      definition: accountSummaryProjection,
      bus: h.bus,
      em: h.app.orm.em,
      schema: 'deals',
      pollMs: 50,
    });
    assert.ok(applied >= 12, `applied ${applied}`);
    assert.deepEqual(await state(), incremental);
  });
});
