import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createEvent, topics, type EventData } from '@salesgraph/events';
import { rebuildProjection } from '@salesgraph/projection';
import { waitFor } from '@salesgraph/testkit';
import { startContractsHarness, type ContractsHarness } from '../testing/contracts-harness.js';
import { dealSnapshotProjection } from './deal-snapshot.projection.js';

type DealData = EventData<'deal.created'>['deal'];

describe('contracts: the DealSnapshot projection on real Kafka and PostgreSQL', () => {
  let h: ContractsHarness;

  const deal = (id: string, stage: DealData['stage'], ownerId = 'rep-1'): DealData => ({
    id,
    companyId: '00000000-0000-4000-8000-000000000001',
    ownerId,
    title: 'Plano',
    stage,
    estimatedValue: '1000.00',
    estimatedLives: 10,
    probability: 10,
    expectedCloseDate: null,
  });
  const event = (
    type: 'deal.created' | 'deal.updated' | 'deal.stage_changed' | 'deal.won',
    version: number,
    data: DealData,
  ) =>
    createEvent({
      eventType: type,
      tenantId: h.tenant,
      aggregateType: 'deal',
      aggregateId: data.id,
      aggregateVersion: version,
      source: 'deals',
      actor: 'rep-1',
      data: { deal: data, from: 'LEAD', to: data.stage, changed: ['ownerId'] },
    });
  const snapshots = async () =>
    (await h.sql.query('select id, company_id, owner_id, stage from contracts.deal_snapshot order by id')).rows;
  const consumer = () => h.app.projections.find((projection) => projection.name === 'contracts.deal-snapshot')!;
  const lagIsZero = async () => (await consumer().lag()).every((entry) => entry.lag === 0);

  before(async () => {
    h = await startContractsHarness('contracts_dealsnap');
  });

  after(async () => {
    await h?.close();
  });

  it("keeps each deal's latest stage and owner, ignoring redelivered and older events", async () => {
    const a = randomUUID();
    const b = randomUUID();
    const created = event('deal.created', 1, deal(a, 'LEAD'));
    const moved = event('deal.stage_changed', 2, deal(a, 'NEGOTIATION'));
    const reassigned = event('deal.updated', 3, deal(a, 'NEGOTIATION', 'rep-2'));
    await h.publish(topics.deal, created, moved, reassigned, event('deal.created', 1, deal(b, 'PROPOSAL')));
    await h.publish(topics.deal, moved, created, event('deal.stage_changed', 2, deal(a, 'DISCOVERY')));
    await waitFor(lagIsZero, { description: 'the projection to catch up' });
    const rows = await snapshots();
    assert.deepEqual(
      rows.find((row) => row.id === a),
      { id: a, company_id: '00000000-0000-4000-8000-000000000001', owner_id: 'rep-2', stage: 'NEGOTIATION' },
    );
    assert.equal(rows.find((row) => row.id === b)?.stage, 'PROPOSAL');
    await h.publish(topics.deal, event('deal.won', 4, deal(a, 'CLOSED_WON', 'rep-2')));
    await waitFor(async () => (await snapshots()).find((row) => row.id === a)?.stage === 'CLOSED_WON', {
      description: 'deal.won applied',
    });
  });

  it('ends equal when rebuilt from the beginning of the deal topic', async () => {
    await waitFor(lagIsZero, { description: 'the projection to catch up' });
    const incremental = await snapshots();
    assert.ok(incremental.length >= 2);
    await consumer().stop();
    const { applied } = await rebuildProjection({
      definition: dealSnapshotProjection,
      bus: h.bus,
      em: h.app.orm.em,
      schema: 'contracts',
    });
    // five events advance a deal (a: created, moved, reassigned, won; b: created); the stale DISCOVERY one does not
    assert.equal(applied, 5);
    assert.deepEqual(await snapshots(), incremental);
  });
});
