import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dlqTopicFor, ordersTopicOf, topics } from '@salesgraph/events';
import { createKafkaBus, readTopics, type BusProducer, type MessageBus, type TopicReader } from '@salesgraph/kafka';
import { publishOrder, pushOrder } from '@salesgraph/intake/client';
import { testKafkaBrokers, uniqueName, waitFor } from '@salesgraph/testkit';
import { startStack, type Stack } from './stack.js';
import { freshCnpj, pyxisOrder, tempoOrder } from './fixtures/orders.js';

const companyByCnpj = `query Company($cnpj: String!) {
  companies(filter: { cnpj: $cnpj }, first: 1) { edges { node {
    id legalName sourceSystem externalId
    origins { sourceSystem externalId salesChannel storeCode businessUnit }
    deals(first: 5) { edges { node { id title stage estimatedValue estimatedLives planType ownerId } } }
    salesOrders { sourceSystem externalOrderId revision channel rawPayload }
  } } }
}`;
const ordersOf = `query Orders($cnpj: String!) {
  salesOrders(filter: { cnpj: $cnpj }, first: 5) { edges { node { id sourceSystem externalOrderId revision receivedVia rawPayload } } }
}`;

interface CompanyView {
  id: string;
  origins: { sourceSystem: string; externalId: string; salesChannel: string }[];
  deals: {
    edges: { node: { id: string; stage: string; estimatedValue: string; estimatedLives: number; planType: string } }[];
  };
  salesOrders: { sourceSystem: string; externalOrderId: string; revision: number; rawPayload: unknown }[];
}

describe('orders from the sales systems (Pyxis over Kafka, Tempo over HTTP) become companies and deals', () => {
  let stack: Stack;
  let bus: MessageBus;
  let producer: BusProducer;
  let dlqReader: TopicReader;
  const tenant = uniqueName('tenant');
  let manager: string;
  let operations: string;

  const company = async (token: string, cnpj: string): Promise<CompanyView | undefined> => {
    const answer = await stack.query(token, companyByCnpj, { cnpj });
    assert.equal(answer.errors, undefined, JSON.stringify(answer.errors));
    return answer.data!['companies'].edges[0]?.node as CompanyView | undefined;
  };
  const gateway = () => new URL(stack.gatewayUrl).origin;
  /** Every consumer of the chain has read all there is: the orders topic, the sales-order and company events. */
  const settled = () =>
    waitFor(
      async () => {
        const lags = await Promise.all([
          bus.lag('intake.orders', [ordersTopicOf('pyxis'), ordersTopicOf('tempo')]),
          bus.lag('accounts.sales-order-companies', [topics.salesOrder]),
          bus.lag('deals.sales-order-deals', [topics.company]),
        ]);
        return lags.flat().every((partition) => partition.lag === 0);
      },
      { description: 'the intake chain to have no lag' },
    );

  before(async () => {
    stack = await startStack({ subgraphs: ['accounts', 'deals', 'intake'] });
    manager = await stack.token({ tenant, roles: ['SALES_MANAGER'] });
    operations = await stack.token({ tenant, roles: ['OPERATIONS'] });
    bus = createKafkaBus({
      brokers: testKafkaBrokers().split(','),
      clientId: 'intake-e2e',
      namespace: stack.namespace,
    });
    producer = await bus.producer();
    const dlq = dlqTopicFor(ordersTopicOf('pyxis'));
    await bus.ensureTopics([dlq]);
    dlqReader = await readTopics(bus, [dlq], uniqueName('dlq-reader'));
  });

  after(async () => {
    await dlqReader?.stop();
    await producer?.disconnect();
    await bus?.close();
    await stack?.stop();
  });

  it('makes one company with both origins and two deals of a Pyxis and a Tempo order for one CNPJ', async () => {
    const cnpj = freshCnpj();
    const pyxis = pyxisOrder(cnpj);
    await publishOrder(producer, 'pyxis', [{ tenant, orderId: pyxis['pedido'].numero, payload: pyxis }]);
    const client = await stack.token({ tenant, roles: [], sub: 'tempo-client', scopes: ['intake:tempo'] });
    const tempo = tempoOrder(cnpj);
    tempo['status'] = 'qualified';
    const pushed = await pushOrder(gateway(), client, 'tempo', tempo);
    assert.equal(pushed.status, 201, JSON.stringify(pushed.body));
    assert.equal(pushed.body.outcome, 'RECEIVED');

    const seen = await waitFor(
      async () => {
        const found = await company(manager, cnpj);
        return found && found.deals.edges.length === 2 && found.origins.length === 2 ? found : undefined;
      },
      { description: 'one company with two origins and two deals' },
    );
    assert.deepEqual(
      seen.origins.map((origin) => [origin.sourceSystem, origin.externalId, origin.salesChannel]).sort(),
      [
        ['PYXIS', 'CLI-88812', 'STORE'],
        ['TEMPO', 'ACC-55120', 'WEB'],
      ],
    );
    assert.deepEqual(
      seen.deals.edges.map(({ node }) => [node.stage, node.estimatedValue, node.estimatedLives, node.planType]).sort(),
      [
        ['LEAD', '577638.00', 135, 'HOSPITALAR'],
        ['QUALIFICATION', '446328.00', 60, 'HOSPITALAR_OBSTETRICIA'],
      ],
    );
    assert.deepEqual(seen.salesOrders.map((order) => order.sourceSystem).sort(), ['PYXIS', 'TEMPO']);
    assert.ok(
      seen.salesOrders.every((order) => order.rawPayload === null),
      'a SALES_MANAGER does not see raw payloads',
    );
    const asOperations = await stack.query(operations, ordersOf, { cnpj });
    const raw = asOperations.data!['salesOrders'].edges.map(({ node }: any) => node.rawPayload);
    assert.ok(raw.some((payload: any) => payload?.pedido?.numero === pyxis['pedido'].numero));
  });

  it('adds the order to a company the graph already has (same CNPJ): its data kept, the origin and the deal added', async () => {
    const cnpj = freshCnpj();
    const created = await stack.query(
      manager,
      `mutation($input: CreateCompanyInput!) { createCompany(input: $input) { company { id } problem { reason } } }`,
      { input: { legalName: 'Cadastro Próprio S.A.', cnpj, employeeCount: 2000 } },
    );
    assert.equal(created.errors, undefined, JSON.stringify(created.errors));
    const companyId = created.data!['createCompany'].company.id as string;
    const order = pyxisOrder(cnpj);
    await publishOrder(producer, 'pyxis', [{ tenant, orderId: order['pedido'].numero, payload: order }]);
    const seen = await waitFor(async () => {
      const found = await company(manager, cnpj);
      return found?.deals.edges.length === 1 ? found : undefined;
    });
    assert.equal(seen.id, companyId);
    const read = await stack.query(
      manager,
      `query($id: ID!) { company(id: $id) { legalName employeeCount sourceSystem } }`,
      {
        id: companyId,
      },
    );
    assert.deepEqual(read.data!['company'], {
      legalName: 'Cadastro Próprio S.A.',
      employeeCount: 2000,
      sourceSystem: 'DIRECT',
    });
    assert.deepEqual(
      seen.origins.map((origin) => [origin.sourceSystem, origin.externalId]),
      [['PYXIS', 'CLI-88812']],
    );
  });

  it('keeps one order and one deal when the same order comes twice over Kafka and once over HTTP', async () => {
    const cnpj = freshCnpj();
    const order = pyxisOrder(cnpj);
    const message = { tenant, orderId: order['pedido'].numero, payload: order };
    await publishOrder(producer, 'pyxis', [message, message]);
    const client = await stack.token({ tenant, roles: [], sub: 'pyxis-client', scopes: ['intake:pyxis'] });
    const pushed = await waitFor(
      async () => {
        const answer = await pushOrder(gateway(), client, 'pyxis', order);
        return answer.body.outcome === 'DUPLICATE' ? answer : undefined;
      },
      { description: 'the HTTP copy to be a duplicate of the Kafka one' },
    );
    assert.equal(pushed.status, 200);
    await settled();
    const seen = await waitFor(async () => {
      const found = await company(manager, cnpj);
      return found?.deals.edges.length === 1 ? found : undefined;
    });
    await settled();
    const orders = await stack.query(manager, ordersOf, { cnpj });
    assert.equal(orders.data!['salesOrders'].edges.length, 1);
    assert.equal(seen.deals.edges.length, 1);
    assert.equal(seen.origins.length, 1);
  });

  it('updates the deal from a later revision and ignores an older one', async () => {
    const cnpj = freshCnpj();
    const first = tempoOrder(cnpj);
    const client = await stack.token({ tenant, roles: [], sub: 'tempo-client', scopes: ['intake:tempo'] });
    const key = uniqueName('push');
    const received = await pushOrder(gateway(), client, 'tempo', first, key);
    assert.equal(received.status, 201);
    // The same push under the same Idempotency-Key answers as the first did (the write frame replays it).
    const replayed = await pushOrder(gateway(), client, 'tempo', first, key);
    assert.deepEqual([replayed.status, replayed.body], [201, received.body]);
    const revised = structuredClone(first);
    revised['revision'] = 3;
    revised['status'] = 'quoting';
    revised['lines'][0].members = 80;
    const update = await pushOrder(gateway(), client, 'tempo', revised);
    assert.equal(update.body.outcome, 'REVISED');
    const older = structuredClone(first);
    older['revision'] = 2;
    older['lines'][0].members = 5;
    const ignored = await pushOrder(gateway(), client, 'tempo', older);
    assert.equal(ignored.status, 200);
    assert.equal(ignored.body.outcome, 'OUTDATED');
    assert.equal(ignored.body.revision, 3);

    const deal = await waitFor(async () => {
      const found = await company(manager, cnpj);
      const node = found?.deals.edges[0]?.node;
      return node?.stage === 'DISCOVERY' ? node : undefined;
    });
    assert.equal(deal.estimatedLives, 80);
    assert.equal(deal.estimatedValue, (80 * 619.9 * 12).toFixed(2));
    const orders = await stack.query(manager, ordersOf, { cnpj });
    assert.deepEqual(
      orders.data!['salesOrders'].edges.map(({ node }: any) => node.revision),
      [3],
    );
  });

  it('dead-letters a bad Kafka payload with every reason, naming an unknown product code, and stores nothing of it', async () => {
    const cnpj = freshCnpj();
    const bad = pyxisOrder(cnpj);
    bad['itens'][0].codigoProduto = 'PX-UNKNOWN-77';
    bad['pedido'].canal = 'FAX';
    await publishOrder(producer, 'pyxis', [{ tenant, orderId: bad['pedido'].numero, payload: bad }]);
    await producer.send(ordersTopicOf('pyxis'), [{ key: 'garbage', value: '{not json', headers: { tenant } }]);
    const letters = await waitFor(
      () => {
        const mine = dlqReader.messages.filter(
          (letter) => letter.key === bad['pedido'].numero || letter.key === 'garbage',
        );
        return mine.length === 2 ? mine : undefined;
      },
      { description: 'both orders in pyxis.orders.dlq' },
    );
    const reasonOf = (key: string) => letters.find((letter) => letter.key === key)!.headers['x-dlq-reason'];
    assert.match(reasonOf(bad['pedido'].numero)!, /pedido\.canal: /);
    // The shape is checked first: with the channel wrong, the codes are not looked at yet.
    const codeOnly = pyxisOrder(cnpj);
    codeOnly['itens'][1].codigoProduto = 'PX-UNKNOWN-77';
    await publishOrder(producer, 'pyxis', [{ tenant, orderId: codeOnly['pedido'].numero, payload: codeOnly }]);
    const letter = await waitFor(() => dlqReader.messages.find((entry) => entry.key === codeOnly['pedido'].numero));
    assert.equal(
      letter.headers['x-dlq-reason'],
      'itens.1.codigoProduto: unknown PYXIS product code "PX-UNKNOWN-77" (no plan type is mapped to it)',
    );
    assert.equal(reasonOf('garbage'), '(payload): not valid JSON');
    const orders = await stack.query(manager, ordersOf, { cnpj });
    assert.deepEqual(orders.data!['salesOrders'].edges, []);
  });

  it('answers 422 listing every problem over HTTP, and refuses a token without the system scope', async () => {
    const cnpj = freshCnpj();
    const bad = tempoOrder(cnpj);
    bad['lines'][0].sku = 'TMP-GOLD';
    bad['account'].taxId = '11222333000100';
    const client = await stack.token({ tenant, roles: [], sub: 'tempo-client', scopes: ['intake:tempo'] });
    const answer = await pushOrder(gateway(), client, 'tempo', bad);
    assert.equal(answer.status, 422);
    assert.deepEqual(answer.body.problems, [
      'account.taxId: not a valid CNPJ (14 digits with check digits)',
      'lines.0.sku: unknown TEMPO product code "TMP-GOLD" (no plan type is mapped to it)',
    ]);
    const wrongScope = await pushOrder(gateway(), client, 'pyxis', pyxisOrder(cnpj));
    assert.equal(wrongScope.status, 403);
    const orders = await stack.query(manager, ordersOf, { cnpj });
    assert.deepEqual(orders.data!['salesOrders'].edges, []);
  });
});
