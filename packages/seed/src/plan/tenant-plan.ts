import { addDays, endAfterMonths, firstOfMonth } from '../dates.js';
import { generateCnpj, uniqueValue } from '../documents.js';
import { companyName, jobTitles, lostReasons, mobilePhone, personName, slug, type City } from '../names.js';
import { apportion, createRandom, type Random } from '../random.js';
import { termsForLevel, type ApprovalLevel, type ContractTerms } from './contract-terms.js';
import { bulksOf, familiesFor, type BeneficiaryRow } from './families.js';
import {
  contractTargets,
  dealStages,
  openStages,
  type CompanyPlan,
  type ContactPlan,
  type ContractPlan,
  type ContractTarget,
  type DealPlan,
  type DealStage,
  type DealStep,
  type MeddicRole,
  type MeddicScores,
  type SeedCounts,
  type TenantPlan,
} from './plan-shapes.js';

export * from './plan-shapes.js';

/** Share of deals per final stage (LEAD … CLOSED_LOST). */
const stageWeights = [14, 12, 11, 10, 9, 24, 20];
/** Share of contracts per target. */
const targetWeights: Record<ContractTarget, number> = {
  DRAFT: 3,
  PENDING_APPROVAL: 4,
  REJECTED: 2,
  APPROVED: 3,
  SENT_FOR_SIGNATURE: 4,
  SIGNED: 4,
  ACTIVE: 80,
};
const levelWeights: readonly (readonly [ApprovalLevel, number])[] = [
  ['AUTO', 30],
  ['SALES_MANAGER', 35],
  ['COMMERCIAL_DIRECTOR', 25],
  ['CEO_BOARD', 10],
];

const rejectionComments = [
  'Desconto acima da política comercial para o porte do cliente',
  'Sinistralidade projetada incompatível com o preço proposto',
  'Rever coparticipação antes de aprovar',
];

const planLabel: Record<ContractTerms['planType'], string> = {
  AMBULATORIAL: 'Ambulatorial',
  HOSPITALAR: 'Hospitalar',
  HOSPITALAR_OBSTETRICIA: 'Hospitalar com Obstetrícia',
  REFERENCIA: 'Referência',
  ODONTOLOGICO: 'Odontológico',
};

const moneyOf = (reais: number) => `${reais}.00`;

function meddic(random: Random, qualified: boolean): MeddicScores {
  for (;;) {
    const scores = {
      metrics: random.int(0, 5),
      economicBuyer: random.int(0, 5),
      decisionCriteria: random.int(0, 5),
      decisionProcess: random.int(0, 5),
      identifyPain: random.int(0, 5),
      champion: random.int(0, 5),
    };
    const sum = Object.values(scores).reduce((a, b) => a + b, 0);
    // The PROPOSAL gate needs meddicScore >= 50, i.e. a sum of at least 15 out of 30.
    if (qualified ? sum >= 16 : sum <= 13) return scores;
  }
}

/** Stage moves from LEAD to `stage`: forward through some of the stages on the way, now and then a step back from NEGOTIATION. */
function stepsTo(random: Random, stage: DealStage): DealStep[] {
  const steps: DealStep[] = [];
  const lost = stage === 'CLOSED_LOST';
  const lastOpen = lost ? random.pick(openStages) : stage === 'CLOSED_WON' ? 'NEGOTIATION' : stage;
  const last = openStages.indexOf(lastOpen);
  const qualified = last >= 3 || stage === 'CLOSED_WON';
  if (qualified || random.chance(0.5)) steps.push({ score: meddic(random, qualified) });
  for (let i = 1; i <= last; i++) {
    // A deal moves forward one or more stages at a time: about a third of the stages on the way are stops.
    if (i < last && !random.chance(0.35)) continue;
    steps.push({ move: openStages[i]! });
    if (i === 4 && random.chance(0.06)) steps.push({ move: 'PROPOSAL' }, { move: 'NEGOTIATION' });
  }
  if (lost) steps.push({ move: 'CLOSED_LOST', lostReason: random.pick(lostReasons) });
  if (stage === 'CLOSED_WON') steps.push({ move: 'CLOSED_WON' });
  return steps;
}

/**
 * The deterministic plan of one tenant: everything the seed will create, in the order it
 * will be created, from `seed` and the reference date only.
 */
export function planTenant(options: { tenant: string; seed: string; counts: SeedCounts; today: string }): TenantPlan {
  const { tenant, counts, today } = options;
  const random = createRandom(`${options.seed}/${tenant}`);
  const cnpjs = new Set<string>();
  const cpfs = new Set<string>();
  const reps = Array.from(
    { length: Math.max(2, Math.min(8, Math.ceil(counts.companies / 7))) },
    (_, i) => `rep-${String(i + 1).padStart(2, '0')}`,
  );

  const companyRandom = random.fork('companies');
  const companies: CompanyPlan[] = Array.from({ length: counts.companies }, (_, i) => {
    const name = companyName(companyRandom);
    const [low, high] = name.industry.employees;
    const employeeCount = Math.round(
      Math.exp(companyRandom.int(Math.round(Math.log(low) * 100), Math.round(Math.log(high) * 100)) / 100),
    );
    const sourceSystem = companyRandom.weighted([
      ['DIRECT', 5],
      ['PYXIS', 2],
      ['TEMPO', 2],
      ['SAP', 1],
    ] as const);
    return {
      key: `c${i + 1}`,
      legalName: name.legalName,
      tradeName: name.tradeName,
      cnpj: uniqueValue(cnpjs, () => generateCnpj(companyRandom)),
      industry: name.industry.name,
      employeeCount,
      ownerId: companyRandom.pick(reps),
      sourceSystem,
      ...(sourceSystem === 'DIRECT'
        ? {}
        : { externalId: `${sourceSystem.slice(0, 2)}-${100_000 + i * 37 + companyRandom.int(0, 36)}` }),
      salesChannel: companyRandom.weighted([
        ['CALL_CENTER', 3],
        ['PARTNER', 3],
        ['WEB', 2],
        ['STORE', 1],
        ['MOBILE', 1],
      ] as const),
      businessUnit: `Regional ${name.city.uf}`,
      city: name.city,
      contacts: [],
    };
  });

  // Deals: the final stage of each, then which of them carry contracts.
  const dealRandom = random.fork('deals');
  const perStage = apportion(counts.deals, stageWeights);
  const contractCount = Math.min(counts.contracts, counts.deals);
  const perTarget = apportion(
    contractCount,
    contractTargets.map((target) => targetWeights[target]),
  );
  const targets = contractTargets.flatMap((target, i) => Array<ContractTarget>(perTarget[i]!).fill(target));
  // Contracts before approval may sit on NEGOTIATION deals; the others go on CLOSED_WON deals (activation needs it).
  const early = new Set<ContractTarget>(['DRAFT', 'PENDING_APPROVAL', 'REJECTED']);
  const earlyQueue: ContractTarget[] = [];
  const wonQueue: ContractTarget[] = [];
  for (const target of targets)
    (early.has(target) && earlyQueue.length < perStage[4]! ? earlyQueue : wonQueue).push(target);
  while (perStage[5]! < wonQueue.length) {
    const donor = [0, 1, 2, 3, 6].reduce((best, i) => (perStage[i]! > perStage[best]! ? i : best), 0);
    perStage[donor]! -= 1;
    perStage[5]! += 1;
  }
  const stageList = dealRandom.shuffle(dealStages.flatMap((stage, i) => Array<DealStage>(perStage[i]!).fill(stage)));

  const contractRandom = random.fork('contracts');
  const familyRandom = random.fork('beneficiaries');
  const deals: DealPlan[] = [];
  let contractNo = 0;
  for (const [i, stage] of stageList.entries()) {
    const company = dealRandom.pick(companies);
    const open = openStages.includes(stage);
    const contractTargetsOfDeal: ContractTarget[] = [];
    if (stage === 'NEGOTIATION' && earlyQueue.length) contractTargetsOfDeal.push(earlyQueue.shift()!);
    if (stage === 'CLOSED_WON' && wonQueue.length) contractTargetsOfDeal.push(wonQueue.shift()!);
    const contracts = contractTargetsOfDeal.map((target): ContractPlan => {
      contractNo += 1;
      const level =
        early.has(target) && target !== 'DRAFT'
          ? contractRandom.weighted(levelWeights.filter(([l]) => l !== 'AUTO'))
          : contractRandom.weighted(levelWeights);
      const terms = termsForLevel(contractRandom, level);
      const startDate = target === 'ACTIVE' ? firstOfMonth(today, -contractRandom.int(0, 6)) : firstOfMonth(today, 1);
      return {
        key: `k${contractNo}`,
        terms,
        startDate,
        endDate: endAfterMonths(startDate, contractRandom.pick([12, 12, 24, 36])),
        target,
        ...(target === 'REJECTED' ? { rejectionComment: contractRandom.pick(rejectionComments) } : {}),
        signers: [],
        beneficiaries: [],
      };
    });
    const main = contracts[0]?.terms;
    const planType =
      main?.planType ??
      dealRandom.pick(['HOSPITALAR_OBSTETRICIA', 'HOSPITALAR', 'AMBULATORIAL', 'ODONTOLOGICO', 'REFERENCIA'] as const);
    const estimatedLives =
      main?.contractedLives ?? Math.max(2, Math.round(company.employeeCount * (1 + dealRandom.next() * 1.4)));
    const perLife = planType === 'ODONTOLOGICO' ? dealRandom.int(40, 80) : dealRandom.int(250, 900);
    const estimatedValue = main ? main.annualValue.replace(/\.\d\d$/, '.00') : moneyOf(estimatedLives * perLife * 12);
    const year = Number(today.slice(0, 4)) + (dealRandom.chance(0.3) ? 1 : 0);
    deals.push({
      key: `d${i + 1}`,
      companyKey: company.key,
      ownerId: company.ownerId,
      title: `${dealRandom.pick(['Plano', 'Implantação do plano', 'Migração para plano', 'Renovação do plano'])} ${planLabel[planType]} ${year} — ${company.tradeName}`,
      estimatedValue,
      estimatedLives,
      planType,
      expectedCloseDate: open ? addDays(today, dealRandom.int(15, 300)) : addDays(today, -dealRandom.int(5, 240)),
      stage,
      steps: stepsTo(dealRandom, stage),
      contracts,
    });
  }

  // Contacts: a company with a deal to win needs an economic buyer and a champion (the CLOSED_WON gate).
  const contactRandom = random.fork('contacts');
  const needsBoth = new Set(deals.filter((deal) => deal.stage === 'CLOSED_WON').map((deal) => deal.companyKey));
  for (const company of companies) {
    const roles: MeddicRole[] = [];
    if (needsBoth.has(company.key) || contactRandom.chance(0.7)) roles.push('ECONOMIC_BUYER', 'CHAMPION');
    else roles.push(contactRandom.pick(['ECONOMIC_BUYER', 'CHAMPION'] as const));
    const extra = contactRandom.int(0, 3);
    for (let i = 0; i < extra; i++) roles.push(contactRandom.pick(['DECISION_MAKER', 'INFLUENCER', 'USER'] as const));
    company.contacts = roles.map((meddicRole) => {
      const name = personName(contactRandom);
      const [first, ...rest] = slug(name).split('.');
      return {
        name,
        email: `${first}.${rest.at(-1)}@${company.tradeName ? slug(company.tradeName).replace(/\./g, '') : 'empresa'}.com.br`,
        phone: mobilePhone(contactRandom, company.city),
        jobTitle: contactRandom.pick(jobTitles[meddicRole]),
        meddicRole,
        marketingConsent: contactRandom.chance(0.4),
      };
    });
  }

  // Signers and beneficiaries of the contracts.
  const byKey = new Map(companies.map((company) => [company.key, company]));
  const enrollable = deals.flatMap((deal) =>
    deal.contracts.filter((c) => c.target === 'SIGNED' || c.target === 'ACTIVE'),
  );
  const capacity = enrollable.reduce((sum, c) => sum + c.terms.contractedLives, 0);
  const share = apportion(
    Math.min(counts.beneficiaries, capacity),
    enrollable.map((c) => c.terms.contractedLives),
  );
  // apportion may give a contract more than its lives when others are tiny: move the excess on.
  let excess = 0;
  enrollable.forEach((c, i) => {
    const want = share[i]! + excess;
    share[i] = Math.min(want, c.terms.contractedLives);
    excess = want - share[i];
  });
  enrollable.forEach((c, i) => {
    if (excess > 0 && share[i]! < c.terms.contractedLives) {
      const add = Math.min(excess, c.terms.contractedLives - share[i]!);
      share[i]! += add;
      excess -= add;
    }
  });
  for (const deal of deals) {
    const company = byKey.get(deal.companyKey)!;
    for (const contract of deal.contracts) {
      const deciders = company.contacts.filter(
        (c) => c.meddicRole === 'ECONOMIC_BUYER' || c.meddicRole === 'DECISION_MAKER',
      );
      const signers = (deciders.length ? deciders : company.contacts).slice(0, 2);
      contract.signers = signers.map(({ name, email }) => ({ name, email }));
      const index = enrollable.indexOf(contract);
      if (index >= 0) contract.beneficiaries = bulksOf(familiesFor(familyRandom, share[index]!, today, cpfs));
    }
  }

  const beneficiaries = enrollable.reduce((sum, _, i) => sum + share[i]!, 0);
  return {
    tenant,
    reps,
    companies,
    deals,
    counts: { companies: companies.length, deals: deals.length, contracts: contractNo, beneficiaries },
  };
}
