import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchDir } from './paths.js';
import { readAnalysis, writeReport, type Report, type ScenarioResult } from './report.js';

/** Re-renders RESULTS.md (and the JSON files) from bench/results*.json without measuring again. */
const results = JSON.parse(readFileSync(join(benchDir, 'results.json'), 'utf8')) as {
  scenarios: Record<string, Record<string, unknown>>;
};
const detail = JSON.parse(readFileSync(join(benchDir, 'results-detail.json'), 'utf8')) as Omit<Report, 'scenarios'> & {
  scenarios: Record<string, Omit<ScenarioResult, 'entries'>>;
};
const scenarios: Record<string, ScenarioResult> = Object.fromEntries(
  Object.entries(results.scenarios).map(([name, entries]) => [name, { entries, ...(detail.scenarios[name] ?? {}) }]),
);
writeReport(benchDir, { ...detail, scenarios, analysis: readAnalysis() });
process.stdout.write(`re-rendered ${benchDir}RESULTS.md\n`);
