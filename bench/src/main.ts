import { loadBenchConfig, type BenchConfig } from './config.js';
import { runG1 } from './g1/scenario.js';
import { runG2 } from './g2/scenario.js';
import { runS1 } from './s1/scenario.js';
import { runK1 } from './k1/scenario.js';
import { runI1 } from './i1/scenario.js';
import { describeMachine } from './machine.js';
import { benchDir } from './paths.js';
import { readAnalysis, writeReport, type ScenarioResult } from './report.js';

type Scenario = (config: Readonly<BenchConfig>, log: (message: string) => void) => Promise<ScenarioResult>;

const scenarios: Record<string, Scenario> = {
  G1: runG1,
  G2: runG2,
  S1: runS1,
  K1: runK1,
  I1: runI1,
};

/** What a scenario that could not run records instead of numbers (never invented ones). */
function notMeasured(name: string, reason: string): ScenarioResult {
  const entry = { notMeasured: reason };
  if (name === 'S1')
    return {
      entries: {
        '1000': { p50: null, p99: null, rssMb: null, fetchesPerEvent: null, ...entry },
        '5000': { p50: null, p99: null, rssMb: null, fetchesPerEvent: null, ...entry },
        '10000': { p50: null, p99: null, rssMb: null, fetchesPerEvent: null, ...entry },
      },
    };
  if (name === 'K1') return { entries: { eventsPerSec: null, p50: null, p99: null, ...entry } };
  if (name === 'I1') return { entries: { ordersPerSec: null, p50: null, p99: null, ...entry } };
  const gateway = { rps: null, p50: null, p95: null, p99: null, errors: null, rssMb: null, ...entry };
  return {
    entries:
      name === 'G2'
        ? { ours: gateway, hive: gateway, apollo: gateway, direct: gateway }
        : { ours: gateway, hive: gateway, apollo: gateway },
  };
}

const config = loadBenchConfig();
const started = Date.now();
const date = new Date().toISOString();
const machine = describeMachine();
const log = (message: string) => process.stdout.write(`${message}\n`);
const results: Record<string, ScenarioResult> = {};
for (const name of ['G1', 'G2', 'S1', 'K1', 'I1']) {
  if (!config.BENCH_SCENARIOS.includes(name)) {
    results[name] = notMeasured(name, 'not selected in this invocation (BENCH_SCENARIOS)');
    continue;
  }
  const scenario = scenarios[name];
  if (!scenario) {
    results[name] = notMeasured(name, 'no harness yet');
    continue;
  }
  log(`${name}: starting`);
  const scenarioStarted = Date.now();
  try {
    results[name] = await scenario(config, log);
  } catch (error) {
    log(`${name} failed: ${(error as Error).stack ?? String(error)}`);
    results[name] = notMeasured(name, `the run failed: ${(error as Error).message.split('\n')[0]}`);
  }
  log(`${name}: done in ${Math.round((Date.now() - scenarioStarted) / 1000)} s`);
}
const overrides = Object.entries(process.env)
  .filter(([key]) => key.startsWith('BENCH_'))
  .map(([key, value]) => `${key}=${value}`)
  .sort();
writeReport(benchDir, {
  machine,
  date,
  command: [...overrides, 'npm run bench'].join(' '),
  config,
  scenarios: results,
  totalSeconds: (Date.now() - started) / 1000,
  analysis: readAnalysis(),
});
log(`wrote ${benchDir}RESULTS.md, results.json, results-detail.json`);
