import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parseConfig } from '@salesgraph/config';
import { createLogger } from '@salesgraph/logging';
import { TEST_IDENTITY_SECRET } from '@salesgraph/testkit';
import { createGatewayApp, type GatewayApp } from '../app.js';
import { gatewayEnv, type executors } from '../config.js';
import { preparedSuite, startSuiteServer, type SuiteCase, type SuiteServer } from '../testing/federation-audit.js';

/** What the conformance suite compares: `data`, and whether there are errors. */
interface Answer {
  readonly data: unknown;
  readonly errors: boolean;
}

async function ask(app: GatewayApp, query: string): Promise<Answer> {
  const response = await fetch(app.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { data?: unknown; errors?: unknown[] };
  return { data: body.data ?? null, errors: (body.errors?.length ?? 0) > 0 };
}

/** The suite's own verdict: `data` equal, and errors present as expected when it says. */
const asExpected = (answer: Answer, { expected }: SuiteCase): boolean =>
  isDeepStrictEqual(answer.data, expected.data ?? null) &&
  (typeof expected.errors !== 'boolean' || answer.errors === expected.errors);

describe("our executor against @apollo/gateway's, over every query of the federation conformance suite", () => {
  let dir: string;
  let suite: SuiteServer;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'executor-differential-'));
    suite = await startSuiteServer(preparedSuite());
  });

  after(async () => {
    await suite?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const startGateway = async (id: string, executor: (typeof executors)[number]): Promise<GatewayApp> => {
    const app = createGatewayApp({
      config: parseConfig(gatewayEnv, {
        NODE_ENV: 'test',
        PORT: '0',
        GATEWAY_IDENTITY_SECRET: TEST_IDENTITY_SECRET,
        DEV_ISSUER_KEY_FILE: join(dir, 'key.json'),
        SUPERGRAPH_PATH: join(dir, `${id}.graphql`),
        SUPERGRAPH_POLL_MS: '0',
        GATEWAY_TEST_ONLY_NO_AUTHENTICATION: 'true',
        GATEWAY_EXECUTOR: executor,
        // The executors are compared, not the limits: no case is refused for its estimated cost.
        GRAPHQL_MAX_COST: '1000000',
      }),
      logger: createLogger(`differential-${executor}`, 'silent'),
    });
    await app.start();
    return app;
  };

  it(
    'answers every case with the same data and errors presence, or with the answer the suite expects',
    { timeout: 1_800_000 },
    async () => {
      const differences: string[] = [];
      const improvements: string[] = [];
      let compared = 0;
      for (const id of await suite.ids()) {
        writeFileSync(join(dir, `${id}.graphql`), await suite.supergraph(id));
        // Each gateway gets its own copy of the cases: a stateful case (mutations) carries a random
        // request id per copy, so the two never share state; such a case compares the suite's verdicts.
        const [cases, apolloCases] = [await suite.cases(id), await suite.cases(id)];
        const ours = await startGateway(id, 'salesgraph');
        const apollos = await startGateway(id, 'apollo');
        try {
          for (const [index, testCase] of cases.entries()) {
            const apolloCase = apolloCases[index]!;
            const mine = await ask(ours, testCase.query);
            const theirs = await ask(apollos, apolloCase.query);
            compared++;
            const same =
              testCase.query === apolloCase.query
                ? isDeepStrictEqual(mine, theirs)
                : asExpected(mine, testCase) === asExpected(theirs, apolloCase);
            if (same) continue;
            const line = `${id}_${index}: ours ${JSON.stringify(mine)} / apollo ${JSON.stringify(theirs)}`;
            if (asExpected(mine, testCase) && !asExpected(theirs, apolloCase)) improvements.push(line);
            else differences.push(line);
          }
        } finally {
          await ours.stop();
          await apollos.stop();
        }
      }
      if (improvements.length > 0)
        console.log(`where ours is the answer the suite expects:\n${improvements.join('\n')}`);
      assert.equal(compared, 199, 'the suite has 199 cases');
      assert.deepEqual(differences, []);
    },
  );
});
