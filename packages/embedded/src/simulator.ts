import { createGraphClient, type GraphClient } from '@salesgraph/seed';

const openStages = ['LEAD', 'QUALIFICATION', 'DISCOVERY', 'PROPOSAL', 'NEGOTIATION'] as const;
type Stage = (typeof openStages)[number] | 'CLOSED_WON' | 'CLOSED_LOST';

interface OpenDeal {
  readonly id: string;
  readonly version: number;
  readonly title: string;
  readonly stage: Stage;
  readonly meddicScore: number;
}

interface DealResult {
  readonly deal: OpenDeal | null;
  readonly problem: { readonly reason: string; readonly message: string } | null;
}

const dealFields = 'id version title stage meddicScore';
const openDealsQuery = `query SimulatorOpenDeals($stages: [DealStage!]) {
  deals(first: 100, filter: { stages: $stages }) { edges { node { ${dealFields} } } }
}`;
const companiesQuery = `query SimulatorCompanies { companies(first: 50) { edges { node { id legalName } } } }`;
const moveMutation = `mutation SimulatorMove($input: MoveDealStageInput!) {
  moveDealStage(input: $input) { deal { ${dealFields} } problem { reason message } }
}`;
const scoreMutation = `mutation SimulatorScore($input: ScoreDealInput!) {
  scoreDeal(input: $input) { deal { ${dealFields} } problem { reason message } }
}`;
const createMutation = `mutation SimulatorCreate($input: CreateDealInput!) {
  createDeal(input: $input) { deal { ${dealFields} } problem { reason message } }
}`;

export interface SimulatorOptions {
  readonly gatewayUrl: string;
  /** A SALES_MANAGER of the demo tenant (sees and moves every deal). */
  readonly token: () => Promise<string>;
  readonly intervalMs: number;
  /** Deals moved per tick. */
  readonly movesPerTick?: number;
  /** Below this many open deals, a new lead is created each tick. */
  readonly minimumOpenDeals?: number;
  readonly random?: () => number;
  readonly log: (line: string) => void;
}

export interface Simulator {
  start(): void;
  stop(): Promise<void>;
  /** Completed ticks and the moves they made. */
  readonly stats: { readonly ticks: number; readonly moves: number };
}

/**
 * `--simulate`: every few seconds moves a few open deals one stage on through the gateway
 * (MEDDIC scored first where PROPOSAL needs it; NEGOTIATION ends won or lost), and opens new
 * leads when few are left — so the dashboard always has something to show.
 */
export function createSimulator(options: SimulatorOptions): Simulator {
  const client: GraphClient = createGraphClient(options.gatewayUrl);
  const random = options.random ?? Math.random;
  const movesPerTick = options.movesPerTick ?? 2;
  const minimumOpenDeals = options.minimumOpenDeals ?? 12;
  const stats = { ticks: 0, moves: 0 };
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

  async function advance(token: string, deal: OpenDeal): Promise<void> {
    let current = deal;
    const index = openStages.indexOf(current.stage as (typeof openStages)[number]);
    if (index < 0) return;
    let target: Stage =
      index === openStages.length - 1 ? (random() < 0.6 ? 'CLOSED_WON' : 'CLOSED_LOST') : openStages[index + 1]!;
    if (target === 'PROPOSAL' && current.meddicScore < 50) {
      const scores = {
        metrics: 4,
        economicBuyer: 4,
        decisionCriteria: 3,
        decisionProcess: 3,
        identifyPain: 4,
        champion: 3,
      };
      const scored = await client.execute<{ scoreDeal: DealResult }>(token, scoreMutation, {
        input: { id: current.id, version: current.version, ...scores },
      });
      if (!scored.scoreDeal.deal) return;
      current = scored.scoreDeal.deal;
    }
    const move = (stage: Stage) =>
      client.execute<{ moveDealStage: DealResult }>(token, moveMutation, {
        input: {
          id: current.id,
          version: current.version,
          stage,
          ...(stage === 'CLOSED_LOST' ? { lostReason: 'Chose a competitor (simulated)' } : {}),
        },
      });
    let result = (await move(target)).moveDealStage;
    if (!result.deal && target === 'CLOSED_WON') {
      // No ECONOMIC_BUYER/CHAMPION on the company: the deal is lost instead.
      target = 'CLOSED_LOST';
      result = (await move(target)).moveDealStage;
    }
    if (result.deal) {
      stats.moves++;
      options.log(`simulate: "${current.title}" ${current.stage} -> ${result.deal.stage}`);
    }
  }

  async function openLead(token: string): Promise<void> {
    const companies = (
      await client.execute<{ companies: { edges: { node: { id: string; legalName: string } }[] } }>(
        token,
        companiesQuery,
      )
    ).companies.edges;
    if (companies.length === 0) return;
    const company = pick(companies).node;
    const lives = 20 + Math.floor(random() * 400);
    const value = (lives * (3_000 + Math.floor(random() * 4_000))).toFixed(2);
    const result = await client.execute<{ createDeal: DealResult }>(token, createMutation, {
      input: {
        companyId: company.id,
        title: `${company.legalName} — new plan (simulated)`,
        estimatedValue: value,
        estimatedLives: lives,
      },
    });
    if (result.createDeal.deal) options.log(`simulate: new lead "${result.createDeal.deal.title}"`);
  }

  async function tick(): Promise<void> {
    const token = await options.token();
    const open = (
      await client.execute<{ deals: { edges: { node: OpenDeal }[] } }>(token, openDealsQuery, { stages: openStages })
    ).deals.edges.map((edge) => edge.node);
    if (open.length < minimumOpenDeals) await openLead(token);
    const chosen = new Set<OpenDeal>();
    while (chosen.size < Math.min(movesPerTick, open.length)) chosen.add(pick(open));
    for (const deal of chosen) {
      if (stopped) return;
      await advance(token, deal);
    }
  }

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick()
        .catch((error: unknown) =>
          options.log(
            `simulate: tick failed (${error instanceof Error ? error.message : String(error)}); trying again`,
          ),
        )
        .finally(() => {
          stats.ticks++;
          running = null;
          schedule();
        });
    }, options.intervalMs);
  };

  return {
    stats,
    start: schedule,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
