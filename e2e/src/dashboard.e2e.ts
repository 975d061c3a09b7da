import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { waitFor } from '@salesgraph/testkit';
import {
  freshDataDir,
  gatewayRequest,
  repoRoot,
  runEmbeddedStart,
  type EmbeddedStartProcess,
} from './fixtures/embedded-start.js';
import { onceVisible } from './fixtures/visible.js';

// The functions given to page.evaluate and page.waitForFunction run in the page: its globals, as used here.
interface PageElement {
  readonly textContent: string | null;
  readonly dataset: Record<string, string | undefined>;
}
declare const document: {
  readonly body: PageElement;
  getElementById(id: string): PageElement | null;
  querySelector(selector: string): PageElement | null;
};
declare const window: Record<string, unknown>;

/** Debian's Chromium (scripts/test.sh installs it with apt); Playwright's own download does not work here. */
const chromiumPath = '/usr/bin/chromium';
const artifacts = join(repoRoot, 'test-artifacts');

const createCompany = `mutation DashboardTestCompany($input: CreateCompanyInput!) {
  createCompany(input: $input) { company { id } problem { reason } }
}`;
const createDeal = `mutation DashboardTestDeal($input: CreateDealInput!) {
  createDeal(input: $input) { deal { id version stage } problem { reason } }
}`;
const moveDeal = `mutation DashboardTestMove($input: MoveDealStageInput!) {
  moveDealStage(input: $input) { deal { id version stage } problem { reason message } }
}`;

interface Deal {
  id: string;
  version: number;
  stage: string;
}

const previousStage: Record<string, string> = {
  QUALIFICATION: 'LEAD',
  DISCOVERY: 'QUALIFICATION',
  PROPOSAL: 'DISCOVERY',
};

/** Subscriptions to dealChanged the gateway has started (its /metrics). */
async function dealChangedStarts(gatewayUrl: string): Promise<number> {
  const metrics = await (await fetch(gatewayUrl.replace(/\/graphql$/, '/metrics'))).text();
  return Number(/^salesgraph_gateway_subscription_starts_total\{field="dealChanged"\} (\d+)/m.exec(metrics)?.[1] ?? 0);
}

/** The count shown in a stage's column ('–' before the first pipeline message). */
const shownCount = (page: Page, stage: string) => page.textContent(`[data-stage="${stage}"] [data-field="count"]`);

describe('the live pipeline dashboard and GraphiQL in Chromium', () => {
  const dataDir = freshDataDir('sg-dashboard');
  const profileDir = mkdtempSync(join(tmpdir(), 'sg-chromium-'));
  let start: EmbeddedStartProcess & { port: number };
  let gatewayUrl: string;
  let dashboardUrl: string;
  let token: string;
  let context: BrowserContext;
  let deal: Deal;

  const move = async (stage: string): Promise<Deal> => {
    const result = await gatewayRequest<{ moveDealStage: { deal: Deal | null; problem: unknown } }>(
      gatewayUrl,
      token,
      moveDeal,
      {
        input: { id: deal.id, version: deal.version, stage },
      },
    );
    assert.ok(result.data?.moveDealStage.deal, JSON.stringify(result));
    deal = result.data.moveDealStage.deal;
    return deal;
  };

  before(async () => {
    assert.ok(
      existsSync(chromiumPath),
      `${chromiumPath} is missing: scripts/test.sh installs it (apt-get install -y chromium)`,
    );
    mkdirSync(artifacts, { recursive: true });
    start = await runEmbeddedStart({ via: 'node', dataDir, args: ['--no-seed'] });
    ({ gatewayUrl, dashboardUrl, token } = await start.banner());
    const company = await gatewayRequest<{ createCompany: { company: { id: string } } }>(
      gatewayUrl,
      token,
      createCompany,
      {
        input: { legalName: 'Painel Teste Ltda', cnpj: '11222333000181', employeeCount: 250 },
      },
    );
    const created = await onceVisible(
      () =>
        gatewayRequest<{ createDeal: { deal: Deal } }>(gatewayUrl, token, createDeal, {
          input: {
            companyId: company.data!.createCompany.company.id,
            title: 'Plano empresarial do painel',
            estimatedValue: '240000.00',
            estimatedLives: 80,
          },
        }),
      'createDeal',
    );
    deal = created.data!.createDeal.deal;
    assert.equal(deal.stage, 'LEAD');
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: chromiumPath,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-quic',
        '--no-first-run',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1400, height: 900 },
    });
  });

  after(async () => {
    await context?.close();
    await start?.stop();
    for (const dir of [dataDir, profileDir]) rmSync(dir, { recursive: true, force: true });
  });

  it('shows the board from subscriptions and moves a deal between columns without a reload when it moves through the gateway', async (t) => {
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const opened = performance.now();
    await page.goto(dashboardUrl);
    await page.waitForFunction(
      () =>
        document.body.dataset['pipelineVersion'] !== undefined &&
        document.getElementById('connection')?.dataset['state'] === 'live',
    );
    t.diagnostic(`dashboard live ${Math.round(performance.now() - opened)} ms after navigation`);
    // PipelineSummary is a projection of the deal events: the new deal may reach the board
    // after the snapshot, through pipelineChanged.
    await page.waitForFunction(
      () => document.querySelector('[data-stage="LEAD"] [data-field="count"]')?.textContent === '1',
    );
    assert.equal(await shownCount(page, 'QUALIFICATION'), '0');
    // Survives only if the page is not reloaded.
    await page.evaluate(() => (window['sameDocument'] = true));

    await move('QUALIFICATION');
    await page.waitForFunction(
      (id) =>
        document.querySelector('[data-stage="QUALIFICATION"] [data-field="count"]')?.textContent === '1' &&
        document.querySelector('[data-stage="LEAD"] [data-field="count"]')?.textContent === '0' &&
        document.querySelector(`[data-stage="QUALIFICATION"] li[data-deal="${id}"]`) !== null &&
        document.querySelector(`#movements li[data-deal="${id}"][data-event="deal.stage_changed"]`) !== null,
      deal.id,
    );
    assert.match((await page.textContent(`#movements li[data-deal="${deal.id}"]`)) ?? '', /Lead → Qualification/);
    assert.match((await page.textContent('[data-stage="QUALIFICATION"] [data-field="totalValue"]')) ?? '', /240/);
    assert.equal(await page.evaluate(() => window['sameDocument']), true);
    assert.deepEqual(pageErrors, []);
    await page.screenshot({ path: join(artifacts, 'dashboard.png'), fullPage: true });
    await page.close();
  });

  it('reconnects by itself when the gateway goes away and comes back, and shows what happens next', async () => {
    const page = await context.newPage();
    await page.goto(dashboardUrl);
    await page.waitForFunction(() => document.getElementById('connection')?.dataset['state'] === 'live');
    await page.evaluate(() => (window['sameDocument'] = true));

    assert.equal(await start.stop(), 0);
    await page.waitForFunction(() => document.getElementById('connection')?.dataset['state'] !== 'live');
    start = await runEmbeddedStart({ via: 'node', dataDir, port: start.port, args: ['--no-seed'] });
    ({ token } = await start.banner());
    await page.waitForFunction(() => document.getElementById('connection')?.dataset['state'] === 'live', null, {
      timeout: 60_000,
    });

    await move('DISCOVERY');
    await page.waitForFunction(
      () => document.querySelector('[data-stage="DISCOVERY"] [data-field="count"]')?.textContent === '1',
    );
    assert.equal(await shownCount(page, 'QUALIFICATION'), '0');
    assert.equal(await page.evaluate(() => window['sameDocument']), true);
    await page.close();
  });

  it('serves GraphiQL to the browser, offline, with the token prefilled, and shows a subscription typed into it as the deal moves', async () => {
    const page = await context.newPage();
    // GraphiQL reads the schema (introspection, with the prefilled token) before it can run anything.
    const introspected = page.waitForResponse(
      (response) =>
        response.url() === gatewayUrl && response.request().method() === 'POST' && response.status() === 200,
    );
    await page.goto(gatewayUrl);
    await page.waitForSelector('.graphiql-container');
    await introspected;
    await waitFor(
      async () =>
        (await page.evaluate(() => document.querySelector('.graphiql-editor-tool')?.textContent ?? '')).includes(
          'Bearer eyJ',
        ),
      {
        description: 'the prefilled authorization header',
      },
    );
    // Over the prefilled document, as a paste would (typed keys would meet CodeMirror's bracket closing).
    await page.click('.graphiql-query-editor .CodeMirror');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.insertText('subscription Watch { dealChanged { eventType deal { id stage } } }');
    // GraphiQL reads an edit's operations 100 ms after it: until then the run button still offers the
    // prefilled document's three operations as a menu, and a click there only opens the menu.
    await page.waitForSelector('.graphiql-execute-button:not([aria-haspopup])');
    const before = await dealChangedStarts(gatewayUrl);
    await page.click('.graphiql-execute-button');
    // The subscription runs once the gateway has started it; then the deal moves (back one stage).
    await waitFor(async () => (await dealChangedStarts(gatewayUrl)) > before, {
      description: "GraphiQL's subscription to start",
    });
    await move(previousStage[deal.stage]!);
    await page.waitForFunction((id) => {
      const text = document.querySelector('.result-window')?.textContent ?? '';
      return text.includes('deal.stage_changed') && text.includes(id);
    }, deal.id);
    await page.screenshot({ path: join(artifacts, 'graphiql.png') });
    await page.close();
  });
});
