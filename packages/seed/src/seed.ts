import type { DevIssuer } from '@salesgraph/auth';
import { approverOf, createActors } from './actors.js';
import { SeedStats, type SeedContext } from './context.js';
import { createGraphClient, type GraphClient } from './graph-client.js';
import { anyCompanyOperation } from './operations.js';
import { createLimiter, forEachConcurrently } from './pool.js';
import {
  countsAt,
  planTenant,
  type CompanyPlan,
  type ContractPlan,
  type DealPlan,
  type SeedCounts,
  type TenantPlan,
} from './plan/tenant-plan.js';
import { readBack, type GraphCounts } from './read-back.js';
import { enrollBeneficiaries } from './steps/beneficiary.steps.js';
import { createCompanyWithContacts } from './steps/company.steps.js';
import {
  activateContract,
  decideApproval,
  draftContract,
  sendForSignature,
  signByCallback,
  submitContract,
  waitForApprovalTask,
} from './steps/contract.steps.js';
import { createDeal, playDealSteps } from './steps/deal.steps.js';

export interface SeedOptions {
  /** The gateway's GraphQL endpoint, e.g. http://127.0.0.1:4000/graphql. */
  readonly gatewayUrl: string;
  readonly tenants: readonly string[];
  /** 1 = 50 companies, 500 deals, 100 contracts, 5,000 beneficiaries per tenant; 0.1 = the small demo set. */
  readonly scale: number;
  /** Same seed (and reference date) -> same data. */
  readonly seed: string;
  /** The reference date (YYYY-MM-DD) that close dates, contract dates and ages are relative to. */
  readonly today: string;
  /** Flows run at once per tenant. */
  readonly concurrency: number;
  /** Signs tokens the gateway trusts (the local development issuer, or a test stack's). */
  readonly issuer: Pick<DevIssuer, 'issue'>;
  /** The contracts subgraph's SIGNATURE_CALLBACK_SECRET (local signature provider). */
  readonly signatureSecret: string;
  readonly projectionTimeoutMs?: number;
  readonly progressIntervalMs?: number;
  readonly log?: (line: string) => void;
}

export interface TenantSummary {
  readonly tenant: string;
  /** Why the tenant was left alone (it already had data), or null. */
  readonly skipped: string | null;
  readonly planned: SeedCounts | null;
  /** What the seed created, by kind (contacts by MEDDIC role, deals by stage, contracts by status …). */
  readonly created: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Read back from the graph when done. */
  readonly graph: GraphCounts | null;
  readonly requests: number;
  /** Per operation: how many, and the mean latency through the gateway (ms). */
  readonly latency: Readonly<Record<string, { readonly count: number; readonly meanMs: number }>>;
  readonly ms: number;
}

export interface SeedSummary {
  readonly gatewayUrl: string;
  readonly scale: number;
  readonly tenants: readonly TenantSummary[];
  readonly ms: number;
}

/** Seeds every tenant (in parallel) through the gateway. */
export async function runSeed(options: SeedOptions): Promise<SeedSummary> {
  const started = performance.now();
  const tenants = await Promise.all(
    options.tenants.map((tenant) => seedTenant(createGraphClient(options.gatewayUrl), options, tenant)),
  );
  return { gatewayUrl: options.gatewayUrl, scale: options.scale, tenants, ms: Math.round(performance.now() - started) };
}

/** Seeds one tenant, unless it already has companies (the seed never doubles a tenant's data). */
export async function seedTenant(client: GraphClient, options: SeedOptions, tenant: string): Promise<TenantSummary> {
  const started = performance.now();
  const log = options.log ?? (() => undefined);
  const stats = new SeedStats();
  const context: SeedContext = {
    client,
    actors: createActors(options.issuer, tenant),
    signatureSecret: options.signatureSecret,
    projectionTimeoutMs: options.projectionTimeoutMs ?? 600_000,
    stats,
  };
  const manager = await context.actors.manager();
  const existing = await client.execute<{ companies: { edges: unknown[] } }>(manager, anyCompanyOperation);
  if (existing.companies.edges.length > 0) {
    log(`[${tenant}] already has companies: left as it is`);
    return {
      tenant,
      skipped: 'the tenant already has companies',
      planned: null,
      created: {},
      graph: null,
      requests: client.requests,
      latency: {},
      ms: Math.round(performance.now() - started),
    };
  }
  const plan = planTenant({ tenant, seed: options.seed, counts: countsAt(options.scale), today: options.today });
  log(
    `[${tenant}] plan: ${plan.counts.companies} companies, ${plan.counts.deals} deals, ${plan.counts.contracts} contracts, ${plan.counts.beneficiaries} beneficiaries`,
  );
  const progress = setInterval(() => log(progressLine(plan, stats, client)), options.progressIntervalMs ?? 3000);
  progress.unref();
  try {
    const companyIds = new Map<string, string>();
    await forEachConcurrently(plan.companies, options.concurrency, async (company: CompanyPlan) => {
      companyIds.set(company.key, (await createCompanyWithContacts(context, manager, company)).id);
    });
    // Contract flows mostly wait for projections: they run in their own lanes, so deal writes go on meanwhile,
    // and the deals that carry contracts go first.
    const contracts = createLimiter(options.concurrency * 2);
    const order = [
      ...plan.deals.filter((deal) => deal.contracts.length > 0),
      ...plan.deals.filter((deal) => deal.contracts.length === 0),
    ];
    try {
      await forEachConcurrently(order, options.concurrency, async (deal) => {
        contracts.throwIfFailed();
        const { rep, dealId } = await seedDeal(context, deal, companyIds.get(deal.companyKey)!);
        for (const contract of deal.contracts) contracts.run(() => seedContract(context, rep, dealId, contract));
      });
    } finally {
      await contracts.settle();
    }
  } finally {
    clearInterval(progress);
  }
  log(progressLine(plan, stats, client));
  const graph = await readBack(context, stats);
  return {
    tenant,
    skipped: null,
    planned: plan.counts,
    created: {
      companies: { total: stats.get('companies') },
      contacts: stats.group('contacts'),
      deals: stats.group('deals'),
      contracts: stats.group('contracts.status'),
      approvalLevels: stats.group('contracts.level'),
      approvalTasks: stats.group('tasks'),
      beneficiaries: { total: stats.get('beneficiaries'), ...stats.group('beneficiaries') },
      projectionWaits: stats.group('waits'),
    },
    graph,
    requests: client.requests,
    latency: Object.fromEntries(
      Object.entries(client.timings()).map(([name, t]) => [
        name.replace(/^Seed/, ''),
        { count: t.count, meanMs: Math.round(t.ms / t.count) },
      ]),
    ),
    ms: Math.round(performance.now() - started),
  };
}

function progressLine(plan: TenantPlan, stats: SeedStats, client: GraphClient): string {
  const { counts } = plan;
  return (
    `[${plan.tenant}] companies ${stats.get('companies')}/${counts.companies} · deals ${stats.get('dealsDone')}/${counts.deals} · ` +
    `contracts ${stats.get('contractsDone')}/${counts.contracts} · beneficiaries ${stats.get('beneficiaries')}/${counts.beneficiaries} · ${client.requests} requests`
  );
}

/** A deal's life as the owner rep lives it; answers the rep's token and the deal id for its contracts. */
async function seedDeal(
  context: SeedContext,
  deal: DealPlan,
  companyId: string,
): Promise<{ rep: string; dealId: string }> {
  const rep = await context.actors.rep(deal.ownerId);
  const created = await createDeal(context, rep, {
    companyId,
    title: deal.title,
    estimatedValue: deal.estimatedValue,
    estimatedLives: deal.estimatedLives,
    planType: deal.planType,
    expectedCloseDate: deal.expectedCloseDate,
  });
  const final = await playDealSteps(context, rep, created, deal.steps);
  if (final.stage !== deal.stage) throw new Error(`deal ${final.id} ended in ${final.stage}, planned ${deal.stage}`);
  context.stats.add(`deals.${final.stage}`);
  context.stats.add('dealsDone');
  return { rep, dealId: final.id };
}

/**
 * A contract from draft to where the plan leaves it: submit, the approval saga (unless
 * AUTO), signature through the local provider's callback, activation, then enrolment.
 */
async function seedContract(context: SeedContext, rep: string, dealId: string, plan: ContractPlan): Promise<void> {
  const { stats } = context;
  const done = (status: string) => {
    stats.add(`contracts.status.${status}`);
    stats.add('contractsDone');
  };
  const drafted = await draftContract(context, rep, {
    dealId,
    terms: plan.terms,
    startDate: plan.startDate,
    endDate: plan.endDate,
  });
  if (drafted.approvalLevel !== plan.terms.approvalLevel) {
    throw new Error(
      `contract ${drafted.number}: the subgraph says ${drafted.approvalLevel}, the seed computed ${plan.terms.approvalLevel}`,
    );
  }
  if (plan.target === 'DRAFT') return done('DRAFT');
  const submitted = await submitContract(context, rep, drafted);
  let approved = { id: submitted.id, version: submitted.version };
  if (submitted.status === 'PENDING_APPROVAL') {
    if (plan.target === 'PENDING_APPROVAL') {
      await waitForApprovalTask(
        context,
        await context.actors.approver(approverOf(submitted.approvalLevel)),
        submitted.id,
      );
      return done('PENDING_APPROVAL');
    }
    const decided = await decideApproval(
      context,
      submitted,
      plan.target === 'REJECTED' ? 'REJECT' : 'APPROVE',
      plan.rejectionComment,
    );
    if (plan.target === 'REJECTED') return done('REJECTED');
    approved = { id: decided.id, version: decided.version };
  }
  if (plan.target === 'APPROVED') return done('APPROVED');
  const sent = await sendForSignature(context, rep, approved, plan.signers);
  if (plan.target === 'SENT_FOR_SIGNATURE') return done('SENT_FOR_SIGNATURE');
  const signed = await signByCallback(
    context,
    sent,
    plan.signers.map((signer) => signer.email),
  );
  const operations = await context.actors.operations();
  if (plan.target === 'ACTIVE') await activateContract(context, operations, signed);
  for (const rows of plan.beneficiaries) await enrollBeneficiaries(context, operations, signed.id, rows);
  done(plan.target);
}
