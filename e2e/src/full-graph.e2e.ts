import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  actorSubs,
  activateContract,
  addContact,
  createCompany,
  createDeal,
  createRandom,
  decideApproval,
  draftContract,
  enrollBeneficiaries,
  generateCnpj,
  generateCpf,
  moveDealStage,
  scoreDeal,
  sendForSignature,
  signByCallback,
  submitContract,
  type DealRef,
  type SeedContext,
} from '@salesgraph/seed';
import { uniqueName, waitFor } from '@salesgraph/testkit';
import { qualifiedMeddic, salesContext } from './fixtures/sales-flow.js';
import { startStack, type Stack } from './stack.js';

/** One query, five subgraphs: deals (deal), accounts (company, metrics, contacts), workflows (process, tasks), contracts, beneficiaries. */
const fullGraphQuery = `query FullGraph($id: ID!) {
  deal(id: $id) {
    title stage estimatedValue meddicScore
    company {
      legalName cnpj segment
      metrics { openDeals wonValue activeContracts activeLives }
      contacts { name meddicRole }
    }
    process { phase }
    contracts(first: 1) {
      edges { node {
        number status approvalLevel monthlyValue annualValue approvedBy activeLives
        signature { provider status }
        approvalTasks { type status outcome assigneeRole }
        beneficiaries(first: 5) {
          edges { node { name cpf birthDate relationship personalDataMasked holder { name } ansTask { type status assigneeRole } } }
        }
      } }
    }
  }
}`;

const masked = (cpf: string) => `***.${cpf.slice(3, 6)}.${cpf.slice(6, 9)}-**`;

type Person = Record<string, unknown> & { name: string };
/** The contract's beneficiaries from a FullGraph answer, by name (rows enrolled in one bulk share their inclusion instant). */
const familyOf = (data: Record<string, any>): Person[] =>
  data['deal'].contracts.edges[0].node.beneficiaries.edges
    .map((edge: { node: Person }) => edge.node)
    .sort((a: Person, b: Person) => a.name.localeCompare(b.name));

describe('one deal through all five subgraphs (gateway, real processes, PostgreSQL, Kafka)', () => {
  let stack: Stack;
  let context: SeedContext;
  const tenant = uniqueName('fullgraph');
  const repSub = 'rep-joana';
  const random = createRandom('full-graph');
  const cnpj = generateCnpj(random);
  const people = [
    {
      cpf: generateCpf(random),
      name: 'Joana Ribeiro Campos',
      birthDate: '1984-05-17',
      relationship: 'HOLDER' as const,
    },
    {
      cpf: generateCpf(random),
      name: 'Rafael Campos Teixeira',
      birthDate: '1982-11-02',
      relationship: 'SPOUSE' as const,
    },
    { cpf: generateCpf(random), name: 'Lívia Ribeiro Campos', birthDate: '2015-08-30', relationship: 'CHILD' as const },
  ];
  const byName = <T extends { name: string }>(list: readonly T[]) =>
    [...list].sort((a, b) => a.name.localeCompare(b.name));
  let dealId: string;
  let contractNumber: string;

  before(async () => {
    stack = await startStack({ subgraphs: ['accounts', 'deals', 'contracts', 'beneficiaries', 'workflows'] });
    context = salesContext(stack, tenant);
  });

  after(async () => {
    await stack?.stop();
  });

  it('takes a deal from LEAD to CLOSED_WON, its contract through approval, signature and activation, and enrols a family', async () => {
    const rep = await context.actors.rep(repSub);
    const company = await createCompany(context, rep, {
      legalName: 'Metalúrgica Horizonte Campinas Ltda',
      tradeName: 'Metalúrgica Horizonte',
      cnpj,
      industry: 'Indústria metalúrgica',
      employeeCount: 420,
      ownerId: repSub,
      sourceSystem: 'DIRECT',
      salesChannel: 'CALL_CENTER',
      businessUnit: 'Regional SP',
    });
    await addContact(context, rep, company.id, {
      name: 'Marcos Almeida Prado',
      email: 'marcos.prado@horizonte.com.br',
      phone: '+55 19 99876-1122',
      jobTitle: 'Diretor Financeiro',
      meddicRole: 'ECONOMIC_BUYER',
      marketingConsent: false,
    });
    await addContact(context, rep, company.id, {
      name: 'Patrícia Gomes Lima',
      email: 'patricia.lima@horizonte.com.br',
      phone: '+55 19 99654-3344',
      jobTitle: 'Gerente de RH',
      meddicRole: 'CHAMPION',
      marketingConsent: true,
    });

    let deal: DealRef = await createDeal(context, rep, {
      companyId: company.id,
      title: 'Plano Hospitalar 2027 — Metalúrgica Horizonte',
      estimatedValue: '461700.00',
      estimatedLives: 90,
      planType: 'HOSPITALAR',
      expectedCloseDate: '2027-01-31',
    });
    assert.equal(deal.stage, 'LEAD');
    dealId = deal.id;
    deal = await scoreDeal(context, rep, deal, qualifiedMeddic);
    assert.equal(deal.meddicScore, 60);
    for (const stage of ['QUALIFICATION', 'DISCOVERY', 'PROPOSAL', 'NEGOTIATION', 'CLOSED_WON'] as const) {
      deal = await moveDealStage(context, rep, deal, stage);
      assert.equal(deal.stage, stage);
    }

    // 450.00 × 90 lives × 95 % = 38,475.00 a month, 461,700.00 a year: the SALES_MANAGER tier.
    const drafted = await draftContract(context, rep, {
      dealId: deal.id,
      terms: { planType: 'HOSPITALAR', monthlyPremiumPerLife: '450.00', contractedLives: 90, discountPercent: '5' },
      startDate: '2027-01-01',
      endDate: '2027-12-31',
    });
    assert.match(drafted.number, /^CT-\d{4}-\d{6}$/);
    assert.equal(drafted.status, 'DRAFT');
    assert.equal(drafted.approvalLevel, 'SALES_MANAGER');
    contractNumber = drafted.number;
    const submitted = await submitContract(context, rep, drafted);
    assert.equal(submitted.status, 'PENDING_APPROVAL');
    const approved = await decideApproval(context, submitted, 'APPROVE');
    assert.equal(approved.status, 'APPROVED');
    const sent = await sendForSignature(context, rep, approved, [
      { name: 'Marcos Almeida Prado', email: 'marcos.prado@horizonte.com.br' },
    ]);
    assert.equal(sent.status, 'SENT_FOR_SIGNATURE');
    const signed = await signByCallback(context, sent, ['marcos.prado@horizonte.com.br']);
    assert.equal(signed.status, 'SIGNED');
    const active = await activateContract(context, await context.actors.operations(), signed);
    assert.equal(active.status, 'ACTIVE');

    const enrolled = await enrollBeneficiaries(context, rep, active.id, [
      people[0]!,
      { ...people[1]!, holderCpf: people[0]!.cpf },
      { ...people[2]!, holderCpf: people[0]!.cpf },
    ]);
    assert.equal(enrolled, 3);
  });

  it('reads the deal, its company, process, contract, approval and family back in one query across the five subgraphs', async () => {
    const manager = await context.actors.manager();
    // AccountMetrics, the process phase and the ANS tasks follow from events: wait until they have caught up.
    const read = await waitFor(
      async () => {
        const response = await stack.query(manager, fullGraphQuery, { id: dealId });
        const deal = response.data?.['deal'];
        const contract = deal?.contracts.edges[0]?.node;
        const settled =
          deal?.company.metrics.activeLives === 3 &&
          deal.company.metrics.activeContracts === 1 &&
          deal.process?.phase === 'ONBOARDING' &&
          contract?.beneficiaries.edges.every((edge: { node: { ansTask: unknown } }) => edge.node.ansTask !== null);
        return settled && response;
      },
      { description: 'metrics, process phase and ANS tasks to reflect the enrolment', timeoutMs: 60_000 },
    );
    assert.equal(read.errors, undefined, JSON.stringify(read.errors));
    const deal = read.data!['deal'];
    assert.deepEqual(
      { ...deal, contracts: undefined, company: { ...deal.company, contacts: undefined } },
      {
        title: 'Plano Hospitalar 2027 — Metalúrgica Horizonte',
        stage: 'CLOSED_WON',
        estimatedValue: '461700.00',
        meddicScore: 60,
        company: {
          legalName: 'Metalúrgica Horizonte Campinas Ltda',
          cnpj,
          segment: 'MID',
          metrics: { openDeals: 0, wonValue: '461700.00', activeContracts: 1, activeLives: 3 },
          contacts: undefined,
        },
        process: { phase: 'ONBOARDING' },
        contracts: undefined,
      },
    );
    assert.deepEqual(
      deal.company.contacts.map((c: { name: string; meddicRole: string }) => `${c.meddicRole} ${c.name}`).sort(),
      ['CHAMPION Patrícia Gomes Lima', 'ECONOMIC_BUYER Marcos Almeida Prado'],
    );
    const contract = deal.contracts.edges[0].node;
    assert.deepEqual(
      { ...contract, beneficiaries: undefined },
      {
        number: contractNumber,
        status: 'ACTIVE',
        approvalLevel: 'SALES_MANAGER',
        monthlyValue: '38475.00',
        annualValue: '461700.00',
        approvedBy: actorSubs.SALES_MANAGER,
        activeLives: 3,
        signature: { provider: 'local', status: 'SIGNED' },
        approvalTasks: [{ type: 'APPROVAL', status: 'DONE', outcome: 'APPROVE', assigneeRole: 'SALES_MANAGER' }],
        beneficiaries: undefined,
      },
    );
    assert.deepEqual(
      familyOf(read.data),
      byName(people).map((person) => ({
        name: person.name,
        cpf: masked(person.cpf),
        birthDate: null,
        relationship: person.relationship,
        personalDataMasked: true,
        holder: person.relationship === 'HOLDER' ? null : { name: people[0]!.name },
        ansTask: { type: 'ANS_REGISTRATION', status: 'OPEN', assigneeRole: 'OPERATIONS' },
      })),
    );
  });

  it('masks CPF and birth date for the SALES_REP who owns the deal and shows them in clear to OPERATIONS', async () => {
    const asRep = await stack.query(await context.actors.rep(repSub), fullGraphQuery, { id: dealId });
    assert.equal(asRep.errors, undefined, JSON.stringify(asRep.errors));
    assert.deepEqual(
      familyOf(asRep.data!).map((p) => [p['cpf'], p['birthDate'], p['personalDataMasked']]),
      byName(people).map((person) => [masked(person.cpf), null, true]),
    );

    const asOperations = await stack.query(await context.actors.operations(), fullGraphQuery, { id: dealId });
    assert.equal(asOperations.errors, undefined, JSON.stringify(asOperations.errors));
    assert.deepEqual(
      familyOf(asOperations.data!).map((p) => [p['cpf'], p['birthDate'], p['personalDataMasked']]),
      byName(people).map((person) => [person.cpf, person.birthDate, false]),
    );
  });
});
