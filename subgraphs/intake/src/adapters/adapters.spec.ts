import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { salesSystems } from '@salesgraph/events';
import { exampleOrder } from '../testing/examples.js';
import { adapters } from './adapters.js';
import { pyxisAdapter } from './pyxis/pyxis.adapter.js';
import { tempoAdapter } from './tempo/tempo.adapter.js';

describe('sales-system adapters', () => {
  it('has one adapter per sales system whose order topics the platform provides (packages/events salesSystems)', () => {
    assert.deepEqual(adapters.map((adapter) => adapter.slug).sort(), [...salesSystems].sort());
  });

  it('turns the Pyxis example into a normalized order with its products mapped', () => {
    const result = pyxisAdapter.transform(exampleOrder('pyxis'));
    assert.ok(result.ok, JSON.stringify(result));
    const { order } = result;
    assert.equal(order.sourceSystem, 'PYXIS');
    assert.equal(order.externalOrderId, 'PX-2026-000123');
    assert.equal(order.channel, 'STORE');
    assert.equal(order.customer.cnpj, '11222333000181');
    assert.equal(order.customer.externalCustomerId, 'CLI-88812');
    assert.deepEqual(
      order.products.map((product) => [product.code, product.planType, product.monthlyValuePerLife]),
      [
        ['PX-HOSP-02', 'HOSPITALAR', '489.90'],
        ['PX-ODO-05', 'ODONTOLOGICO', '39.90'],
      ],
    );
    assert.equal(order.planType, 'HOSPITALAR');
    assert.equal(order.totalLives, 135);
    // (95 x 489.90 + 40 x 39.90) x 12 = (46,540.50 + 1,596.00) x 12
    assert.equal(order.annualValue, '577638.00');
    assert.equal(order.stage, 'LEAD');
    assert.equal(order.storeCode, 'SP-0042');
    assert.equal(order.metadata['vendedor'], 'V-1187');
  });

  it('turns the Tempo example into a normalized order for the same customer', () => {
    const result = tempoAdapter.transform(exampleOrder('tempo'));
    assert.ok(result.ok, JSON.stringify(result));
    const { order } = result;
    assert.equal(order.sourceSystem, 'TEMPO');
    assert.equal(order.channel, 'WEB');
    assert.equal(order.customer.cnpj, '11222333000181');
    assert.equal(order.planType, 'HOSPITALAR_OBSTETRICIA');
    assert.equal(order.totalLives, 60);
    assert.equal(order.annualValue, '446328.00');
    assert.equal(order.businessUnit, 'BU-DIGITAL');
    assert.equal(order.storeCode, null);
  });

  it('rejects an unknown product code naming the code, with every other problem of the order', () => {
    const payload = exampleOrder('pyxis') as { itens: { codigoProduto: string }[]; cliente: { cnpj: string } };
    payload.itens[1]!.codigoProduto = 'PX-VIDA-99';
    payload.cliente.cnpj = '11.222.333/0001-82';
    const result = pyxisAdapter.transform(payload);
    assert.equal(result.ok, false);
    assert.deepEqual(!result.ok && result.problems, [
      'cliente.cnpj: not a valid CNPJ (14 digits with check digits)',
      'itens.1.codigoProduto: unknown PYXIS product code "PX-VIDA-99" (no plan type is mapped to it)',
    ]);
  });

  it('lists every field a malformed Tempo order gets wrong', () => {
    const payload = exampleOrder('tempo');
    delete payload['orderId'];
    payload['salesChannel'] = 'fax';
    payload['lines'] = [];
    const result = tempoAdapter.transform(payload);
    assert.equal(result.ok, false);
    const fields = !result.ok ? result.problems.map((problem) => problem.split(':')[0]) : [];
    assert.deepEqual(fields, ['orderId', 'salesChannel', 'lines']);
  });
});
