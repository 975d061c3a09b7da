import type pg from 'pg';
import { percentile, round } from '../stats.js';

/** The hops of one order, in the order it passes them. */
const stageNames = [
  'publish -> intake transaction',
  'intake transaction -> intake relay pass',
  'intake relay pass -> accounts transaction',
  'accounts transaction -> accounts relay pass',
  'accounts relay pass -> deals transaction',
  'deals transaction -> deal visible',
] as const;

export type StageBreakdown = Readonly<Record<(typeof stageNames)[number], { p50: number; p99: number }>>;

interface Times {
  readonly order_id: string;
  readonly intake_tx: number;
  readonly intake_relay: number;
  readonly accounts_tx: number;
  readonly accounts_relay: number;
  readonly deals_tx: number;
}

/**
 * Where each measured order's time went, from PostgreSQL's clocks: a transaction's `now()` is
 * its start (the outbox row's `created_at`, the inbox row's `applied_at`), a relay pass's is
 * the `published_at` it sets. `sentAt` and `visibleAt` are the bench's epoch milliseconds.
 */
export async function stageBreakdown(
  client: pg.Client,
  sentAt: ReadonlyMap<string, number>,
  visibleAt: ReadonlyMap<string, number>,
): Promise<StageBreakdown> {
  const { rows } = await client.query<Times>(
    `with orders as materialized (
       select so.id::text as sales_order_id, so.external_order_id as order_id
         from intake.sales_order so where so.external_order_id = any($1::text[])
     ), linked as materialized (
       select ao.event_id, ao.published_at, ao.payload->'data'->'salesOrder'->>'id' as sales_order_id
         from accounts.outbox ao where ao.payload->>'eventType' = 'company.sales_order_linked'
     )
     select o.order_id,
            extract(epoch from io.created_at) * 1000 as intake_tx,
            extract(epoch from io.published_at) * 1000 as intake_relay,
            extract(epoch from ai.applied_at) * 1000 as accounts_tx,
            extract(epoch from l.published_at) * 1000 as accounts_relay,
            extract(epoch from di.applied_at) * 1000 as deals_tx
       from orders o
       join intake.outbox io on io.message_key = o.sales_order_id
       join accounts.inbox_event ai on ai.event_id = io.event_id and ai.consumer = 'accounts.sales-order-companies'
       join linked l on l.sales_order_id = o.sales_order_id
       join deals.inbox_event di on di.event_id = l.event_id and di.consumer = 'deals.sales-order-deals'`,
    [[...sentAt.keys()]],
  );
  const hops: number[][] = stageNames.map(() => []);
  for (const row of rows) {
    const sent = sentAt.get(row.order_id);
    const visible = visibleAt.get(row.order_id);
    if (sent === undefined || visible === undefined) continue;
    const points = [sent, row.intake_tx, row.intake_relay, row.accounts_tx, row.accounts_relay, row.deals_tx, visible];
    for (let hop = 0; hop < stageNames.length; hop += 1) hops[hop]!.push(Number(points[hop + 1]) - Number(points[hop]));
  }
  return Object.fromEntries(
    stageNames.map((name, hop) => {
      const sorted = hops[hop]!.sort((a, b) => a - b);
      return [name, { p50: round(percentile(sorted, 50), 1), p99: round(percentile(sorted, 99), 1) }];
    }),
  ) as StageBreakdown;
}

/** One line for the log and the notes: each hop's p50 / p99. */
export const describeStages = (stages: StageBreakdown) =>
  Object.entries(stages)
    .map(([name, { p50, p99 }]) => `${name} ${p50} / ${p99} ms`)
    .join('; ');
