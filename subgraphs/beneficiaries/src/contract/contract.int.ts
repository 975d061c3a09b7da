import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { topics } from '@salesgraph/events';
import { rebuildProjection } from '@salesgraph/projection';
import { uniqueName, waitFor } from '@salesgraph/testkit';
import { startBeneficiariesHarness, type BeneficiariesHarness, type Caller } from '../testing/beneficiaries-harness.js';
import { contractEvent, contractSnapshot } from '../testing/contract-events.js';
import { ENROLL, ENROLL_MANY, REMOVE } from '../testing/documents.js';
import { contractSnapshotProjection } from '../contract-snapshot/contract-snapshot.projection.js';

const CONTRACT_ENTITIES = `query($representations: [_Any!]!, $first: Int!) { _entities(representations: $representations) {
  ... on Contract { id activeLives beneficiaries(first: $first) { edges { cursor node { id cpf birthDate relationship contract { id } holder { id relationship contract { id } } } } pageInfo { hasNextPage endCursor } } } } }`;
const PAGE = `query($representations: [_Any!]!, $first: Int!, $after: String, $filter: ContractBeneficiariesFilter) { _entities(representations: $representations) {
  ... on Contract { id beneficiaries(first: $first, after: $after, filter: $filter) { edges { node { id relationship active } } pageInfo { hasNextPage endCursor } } } } }`;
const BENEFICIARY_ENTITIES = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Beneficiary { id cpf holder { id } } } }`;

describe('beneficiaries: Contract.beneficiaries and Contract.activeLives, batched, and the ContractSnapshot projection', () => {
  let h: BeneficiariesHarness;
  const tenant = uniqueName('tenant');
  const operations: Caller = { tenant, roles: ['OPERATIONS'] };
  const contracts: string[] = [];
  const enrolledIds: string[] = [];

  /** A contract with one holder and `dependents` children. */
  const family = async (dependents: number) => {
    const contractId = await h.contract({ tenant, contractedLives: 20 });
    const holderCpf = h.cpf();
    const rows = [
      { cpf: holderCpf, name: 'Titular', birthDate: '1980-01-01', relationship: 'HOLDER' },
      ...Array.from({ length: dependents }, () => ({
        cpf: h.cpf(),
        name: 'Filho',
        birthDate: '2010-01-01',
        relationship: 'CHILD',
        holderCpf,
      })),
    ];
    const result = await h.call(operations, ENROLL_MANY, { input: { contractId, rows } });
    assert.equal(result.data!['enrollBeneficiaries'].problem, null);
    enrolledIds.push(...result.data!['enrollBeneficiaries'].enrolled.map((b: { id: string }) => b.id));
    return contractId;
  };
  const representations = (ids: readonly string[], typename = 'Contract') =>
    ids.map((id) => ({ __typename: typename, id }));

  before(async () => {
    h = await startBeneficiariesHarness('beneficiaries_contract');
    for (let i = 0; i < 8; i++) contracts.push(await family(3));
  });

  after(async () => {
    await h?.stop();
  });

  it("resolves N contracts' activeLives and beneficiaries pages (with holders) in the same number of SQL statements for N = 2 and N = 8", async () => {
    const counts: number[] = [];
    for (const n of [2, 8]) {
      let response!: Awaited<ReturnType<typeof h.call>>;
      const statements = await h.statementsDuring(async () => {
        response = await h.call({ tenant, roles: ['SALES_REP'] }, CONTRACT_ENTITIES, {
          representations: representations(contracts.slice(0, n)),
          first: 3,
        });
      });
      assert.equal(response.errors, undefined, JSON.stringify(response.errors));
      const entities = response.data!['_entities'] as {
        id: string;
        activeLives: number;
        beneficiaries: { edges: { node: Record<string, any> }[]; pageInfo: { hasNextPage: boolean } };
      }[];
      assert.equal(entities.length, n);
      for (const [index, contract] of entities.entries()) {
        assert.equal(contract.id, contracts[index]);
        assert.equal(contract.activeLives, 4);
        assert.equal(contract.beneficiaries.edges.length, 3);
        assert.equal(contract.beneficiaries.pageInfo.hasNextPage, true);
        assert.ok(
          contract.beneficiaries.edges.every(
            ({ node }) =>
              node['contract'].id === contract.id && node['cpf'].startsWith('***.') && node['birthDate'] === null,
          ),
        );
        for (const { node } of contract.beneficiaries.edges) {
          if (node['relationship'] === 'HOLDER') assert.equal(node['holder'], null);
          else assert.deepEqual([node['holder'].relationship, node['holder'].contract.id], ['HOLDER', contract.id]);
        }
      }
      counts.push(statements.length);
    }
    assert.equal(counts[0], counts[1], `statements for N=2 and N=8: ${counts.join(' vs ')}`);
    assert.ok(counts[1]! <= 3, `one statement per kind of fetch, got ${counts[1]}`);
  });

  it('resolves N dependents by reference and then their holders in one statement each, whatever N', async () => {
    const dependents = enrolledIds.filter((_, index) => index % 4 !== 0);
    const counts: number[] = [];
    for (const n of [3, 24]) {
      const statements = await h.statementsDuring(async () => {
        const response = await h.call(operations, BENEFICIARY_ENTITIES, {
          representations: representations(dependents.slice(0, n), 'Beneficiary'),
        });
        const entities = response.data!['_entities'] as { id: string; holder: { id: string } | null }[];
        assert.equal(entities.length, n);
        assert.ok(entities.every((entity) => entity.holder && enrolledIds.indexOf(entity.holder.id) % 4 === 0));
      });
      counts.push(statements.length);
    }
    assert.deepEqual(counts, [2, 2]);
  });

  it("pages a contract's beneficiaries with cursors and hides removed ones unless asked", async () => {
    const contractId = contracts[0]!;
    const first = (await h.call(operations, PAGE, { representations: representations([contractId]), first: 2 })).data![
      '_entities'
    ][0].beneficiaries;
    const second = (
      await h.call(operations, PAGE, {
        representations: representations([contractId]),
        first: 2,
        after: first.pageInfo.endCursor,
      })
    ).data!['_entities'][0].beneficiaries;
    const ids = [...first.edges, ...second.edges].map((edge: { node: { id: string } }) => edge.node.id);
    assert.equal(new Set(ids).size, 4);
    assert.equal(second.pageInfo.hasNextPage, false);
    const child = second.edges[1].node.id as string;
    await h.call(operations, REMOVE, { input: { id: child, version: 1 } });
    const active = (await h.call(operations, PAGE, { representations: representations([contractId]), first: 10 }))
      .data!['_entities'][0].beneficiaries;
    assert.equal(active.edges.length, 3);
    const all = (
      await h.call(operations, PAGE, {
        representations: representations([contractId]),
        first: 10,
        filter: { includeRemoved: true },
      })
    ).data!['_entities'][0].beneficiaries;
    assert.equal(all.edges.length, 4);
    const children = (
      await h.call(operations, PAGE, {
        representations: representations([contractId]),
        first: 10,
        filter: { relationship: 'CHILD' },
      })
    ).data!['_entities'][0].beneficiaries;
    assert.equal(children.edges.length, 2);
    const lives = await h.call(operations, CONTRACT_ENTITIES, {
      representations: representations([contractId]),
      first: 1,
    });
    assert.equal(lives.data!['_entities'][0].activeLives, 3);
  });

  it('shows no beneficiaries and no lives of a contract to another tenant', async () => {
    const response = await h.call({ tenant: uniqueName('intruder'), roles: ['SYSTEM_ADMIN'] }, CONTRACT_ENTITIES, {
      representations: representations([contracts[1]!]),
      first: 5,
    });
    assert.deepEqual(response.data!['_entities'], [
      {
        id: contracts[1],
        activeLives: 0,
        beneficiaries: { edges: [], pageInfo: { hasNextPage: false, endCursor: null } },
      },
    ]);
  });

  it('keeps the contract snapshot at the newest version: a redelivered or older event changes nothing', async () => {
    const contractId = await h.contract({ tenant, status: 'DRAFT', contractedLives: 2 });
    await h.moveContract(contractId, 'SIGNED');
    const stale = contractEvent('contract.drafted', tenant, 1, {
      contract: contractSnapshot({
        id: contractId,
        number: 'CT-2026-999999',
        lives: 999,
        premium: 1,
        planType: 'AMBULATORIAL',
      }),
    });
    const producer = await h.bus.producer();
    await producer.send(topics.contract, [{ key: contractId, value: JSON.stringify(stale) }]);
    await producer.disconnect();
    await waitFor(async () => (await h.app.projections[0]!.lag()).every((entry) => entry.lag === 0), {
      description: 'the projection to catch up',
    });
    const row = await h.sql.query(
      'select status, contracted_lives from beneficiaries.contract_snapshot where id = $1',
      [contractId],
    );
    assert.deepEqual(row.rows[0], { status: 'SIGNED', contracted_lives: 2 });
    const enrolled = await h.call(operations, ENROLL, {
      input: { contractId, cpf: h.cpf(), name: 'Após assinatura', birthDate: '1990-01-01', relationship: 'HOLDER' },
    });
    assert.equal(enrolled.data!['enrollBeneficiary'].problem, null);
  });

  it('ends equal when the ContractSnapshot projection is rebuilt from the beginning of the contract topic', async () => {
    const snapshots = async () =>
      (
        await h.sql.query(
          'select id, tenant_id, number, company_id, plan_type, contracted_lives, status from beneficiaries.contract_snapshot order by id',
        )
      ).rows;
    const consumer = h.app.projections.find((projection) => projection.name === 'beneficiaries.contract-snapshot')!;
    await waitFor(async () => (await consumer.lag()).every((entry) => entry.lag === 0), {
      description: 'the projection to catch up',
    });
    const incremental = await snapshots();
    assert.ok(incremental.length >= 9);
    await consumer.stop();
    const { applied } = await rebuildProjection({
      definition: contractSnapshotProjection,
      bus: h.bus,
      em: h.app.orm.em,
      schema: 'beneficiaries',
      pollMs: 50,
    });
    assert.ok(applied >= incremental.length * 2, `every drafted and status event is applied again (${applied})`);
    assert.deepEqual(await snapshots(), incremental);
  });
});
