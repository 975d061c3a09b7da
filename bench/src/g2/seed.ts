import { cnpjFor } from '@salesgraph/seed';
import { waitFor } from '@salesgraph/testkit';

type Call = (
  query: string,
  variables?: Record<string, unknown>,
) => Promise<{ data?: Record<string, any> | null; errors?: readonly { message: string }[] }>;

async function must(
  call: Call,
  query: string,
  variables: Record<string, unknown>,
  field: string,
): Promise<Record<string, any>> {
  const result = await call(query, variables);
  const value = result.data?.[field] as Record<string, any> | undefined;
  if (result.errors?.length || !value)
    throw new Error(`seed: ${field} failed: ${JSON.stringify(result.errors ?? result.data)}`);
  if (value['problem']) throw new Error(`seed: ${field} refused: ${JSON.stringify(value['problem'])}`);
  return value;
}

/**
 * `must`, asked again while the answer is a problem of `lagReasons`: a rule that depends on a
 * projection (AccountSummary, DealSnapshot) which has not applied the earlier events yet.
 */
async function mustOnceProjected(
  call: Call,
  query: string,
  variables: Record<string, unknown>,
  field: string,
  lagReasons: readonly string[],
): Promise<Record<string, any>> {
  let value: Record<string, any> | undefined;
  await waitFor(
    async () => {
      const result = await call(query, variables);
      const answer = result.data?.[field] as Record<string, any> | undefined;
      if (answer?.['problem'] && lagReasons.includes(answer['problem']['reason'] as string)) return false;
      if (result.errors?.length || !answer || answer['problem'])
        throw new Error(`seed: ${field}: ${JSON.stringify(result.errors ?? result.data)}`);
      value = answer;
      return true;
    },
    { timeoutMs: 60_000, intervalMs: 250, description: `${field} once the projections have the earlier events` },
  );
  return value!;
}

export interface SeedShape {
  readonly companies: number;
  readonly deals: number;
  /** Deals moved to NEGOTIATION with a drafted contract. */
  readonly withContract: number;
  /** Of those, contracts submitted (AUTO approval -> APPROVED). */
  readonly submitted: number;
}

export const defaultSeed: SeedShape = { companies: 25, deals: 50, withContract: 20, submitted: 10 };

/**
 * Seeds one tenant through the public operations (as a SALES_MANAGER): companies, deals
 * (varied lives and value), some scored and moved to NEGOTIATION with a drafted contract,
 * half of those submitted (auto-approved). Workflows derive each deal's process from the
 * deal events; contracts learn deal stages from their projection (polled until it has).
 */
export async function seedPipeline(call: Call, shape: SeedShape = defaultSeed): Promise<void> {
  const companies: string[] = [];
  for (let i = 0; i < shape.companies; i += 1) {
    const created = await must(
      call,
      'mutation($input: CreateCompanyInput!) { createCompany(input: $input) { company { id } problem { reason } } }',
      {
        input: {
          legalName: `Bench Company ${String(i + 1).padStart(2, '0')} Ltda`,
          cnpj: cnpjFor(41_000_000 + i * 7919),
          employeeCount: 20 + i * 61,
        },
      },
      'createCompany',
    );
    companies.push(created['company']['id'] as string);
  }
  const deals: { id: string; version: number; lives: number }[] = [];
  for (let i = 0; i < shape.deals; i += 1) {
    const lives = 10 + ((i * 37) % 290);
    const created = await mustOnceProjected(
      call,
      'mutation($input: CreateDealInput!) { createDeal(input: $input) { deal { id version } problem { reason } } }',
      {
        input: {
          companyId: companies[i % companies.length],
          title: `Plano coletivo ${i + 1}`,
          estimatedValue: `${(lives * 3600).toFixed(2)}`,
          estimatedLives: lives,
        },
      },
      'createDeal',
      ['COMPANY_NOT_FOUND'],
    );
    deals.push({ id: created['deal']['id'] as string, version: created['deal']['version'] as number, lives });
  }
  for (const deal of deals.slice(0, shape.withContract)) {
    const scored = await must(
      call,
      'mutation($input: ScoreDealInput!) { scoreDeal(input: $input) { deal { version } problem { reason } } }',
      {
        input: {
          id: deal.id,
          version: deal.version,
          metrics: 5,
          economicBuyer: 5,
          decisionCriteria: 5,
          decisionProcess: 5,
          identifyPain: 5,
          champion: 5,
        },
      },
      'scoreDeal',
    );
    const moved = await must(
      call,
      'mutation($input: MoveDealStageInput!) { moveDealStage(input: $input) { deal { version } problem { reason } } }',
      { input: { id: deal.id, version: scored['deal']['version'], stage: 'NEGOTIATION' } },
      'moveDealStage',
    );
    deal.version = moved['deal']['version'] as number;
  }
  for (const [index, deal] of deals.slice(0, shape.withContract).entries()) {
    const drafted = await mustOnceProjected(
      call,
      'mutation($input: DraftContractInput!) { draftContract(input: $input) { contract { id version } problem { reason } } }',
      {
        input: {
          dealId: deal.id,
          planType: 'HOSPITALAR',
          monthlyPremiumPerLife: '25.00',
          contractedLives: deal.lives,
          startDate: '2027-01-01',
          endDate: '2028-12-31',
        },
      },
      'draftContract',
      ['DEAL_NOT_FOUND', 'DEAL_STAGE_NOT_ELIGIBLE'],
    );
    const contract = drafted['contract'] as { id: string; version: number } | undefined;
    if (contract && index < shape.submitted) {
      await must(
        call,
        'mutation($input: ContractVersionInput!) { submitContract(input: $input) { contract { status } problem { reason } } }',
        { input: { id: contract.id, version: contract.version } },
        'submitContract',
      );
    }
  }
}
