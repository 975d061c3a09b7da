import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BusProducer } from '@salesgraph/kafka';
import { publishOrder } from '@salesgraph/intake/client';
import { cnpjFor } from '@salesgraph/seed';
import { repoRoot } from '../paths.js';

const template = JSON.parse(
  readFileSync(join(repoRoot, 'subgraphs', 'intake', 'examples', 'pyxis-order.json'), 'utf8'),
) as Record<string, any>;

/** Order number `n` of the bench: the Pyxis example for a customer of its own (CNPJ n). */
export function benchOrder(n: number): { orderId: string; payload: Record<string, any> } {
  const payload = structuredClone(template);
  const orderId = `PX-2026-${String(n % 1_000_000).padStart(6, '0')}`;
  payload['pedido'].numero = orderId;
  payload['cliente'].codigo = `CLI-${n}`;
  payload['cliente'].cnpj = cnpjFor(n);
  payload['cliente'].razaoSocial = `Bench I1 ${n} Ltda`;
  return { orderId, payload };
}

/** Publishes orders `first` .. `first + count - 1` to pyxis.orders in batches of 500. */
export async function publishOrders(producer: BusProducer, tenant: string, first: number, count: number) {
  for (let start = 0; start < count; start += 500) {
    const batch = Array.from({ length: Math.min(500, count - start) }, (_, i) => benchOrder(first + start + i));
    await publishOrder(
      producer,
      'pyxis',
      batch.map((order) => ({ tenant, ...order })),
    );
  }
}
