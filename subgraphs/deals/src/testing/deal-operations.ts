import type { Caller, DealsHarness } from './deals-harness.js';

export interface DealRef {
  readonly id: string;
  readonly version: number;
}

/** A GraphQL error as the tests see it: message plus extensions (code, field). */
export class GraphQLCallError extends Error {
  constructor(
    readonly extensions: Record<string, unknown> | undefined,
    message: string,
  ) {
    super(message);
  }
}

/** The GraphQL error a call failed with, or null when it succeeded. */
export async function failureOf(call: () => Promise<unknown>): Promise<GraphQLCallError | null> {
  try {
    await call();
    return null;
  } catch (error) {
    if (error instanceof GraphQLCallError) return error;
    throw error;
  }
}

export const dealFields = `id version title ownerId stage probability estimatedValue lostReason meddicScore
  meddic { metrics economicBuyer decisionCriteria decisionProcess identifyPain champion }
  stageHistory { from to at by }`;

const result = `deal { ${dealFields} } problem { reason message } eventId`;

/** The deal mutations and reads over HTTP, as a client sends them; GraphQL errors reject. */
export function dealOps(h: DealsHarness) {
  const mutate = async (caller: Caller, name: string, input: Record<string, unknown>) => {
    const inputType = `${name[0]!.toUpperCase()}${name.slice(1)}Input`;
    const response = await h.call(caller, `mutation($input: ${inputType}!) { ${name}(input: $input) { ${result} } }`, {
      input,
    });
    const error = response.errors?.[0];
    if (error) throw new GraphQLCallError(error.extensions, error.message);
    return response.data![name];
  };
  return {
    async create(
      caller: Caller,
      companyId: string,
      fields: Record<string, unknown> = {},
    ): Promise<DealRef & Record<string, any>> {
      const created = await mutate(caller, 'createDeal', {
        companyId,
        title: 'Negócio',
        estimatedValue: '1000.00',
        estimatedLives: 10,
        ...fields,
      });
      if (created.problem) throw new Error(`createDeal: ${created.problem.reason}`);
      return created.deal;
    },
    update: (caller: Caller, deal: DealRef, fields: Record<string, unknown>) =>
      mutate(caller, 'updateDeal', { id: deal.id, version: deal.version, ...fields }),
    move: (caller: Caller, deal: DealRef, stage: string, lostReason?: string) =>
      mutate(caller, 'moveDealStage', {
        id: deal.id,
        version: deal.version,
        stage,
        ...(lostReason === undefined ? {} : { lostReason }),
      }),
    score: (
      caller: Caller,
      deal: DealRef,
      [metrics, economicBuyer, decisionCriteria, decisionProcess, identifyPain, champion]: readonly number[],
    ) =>
      mutate(caller, 'scoreDeal', {
        id: deal.id,
        version: deal.version,
        metrics,
        economicBuyer,
        decisionCriteria,
        decisionProcess,
        identifyPain,
        champion,
      }),
    async read(caller: Caller, id: string, fields: string) {
      const response = await h.call(caller, `query($id: ID!) { deal(id: $id) { ${fields} } }`, { id });
      if (response.errors?.length)
        throw new GraphQLCallError(response.errors[0]!.extensions, response.errors[0]!.message);
      return response.data!['deal'];
    },
  };
}
