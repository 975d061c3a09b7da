import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** docker/prometheus, from e2e/dist. */
const rulesDir = fileURLToPath(new URL('../../docker/prometheus/', import.meta.url));
const promtool = (...args: string[]) => execFileSync('promtool', args, { cwd: rulesDir, encoding: 'utf8' });

interface RuleTests {
  readonly tests: { readonly alert_rule_test: { readonly alertname: string; readonly exp_alerts: unknown[] }[] }[];
}

describe("the alert rules (Debian's promtool)", () => {
  it('are valid Prometheus rules', () => {
    assert.match(promtool('check', 'rules', 'alerts.yml'), /SUCCESS: \d+ rules found/);
  });

  it('pass their unit tests, which include the SLA-breach alert firing for one tenant and not another', () => {
    assert.match(promtool('test', 'rules', 'alerts.test.yml'), /SUCCESS/);
    const suite = parse(readFileSync(`${rulesDir}alerts.test.yml`, 'utf8')) as RuleTests;
    const slaCases = suite.tests
      .flatMap((test) => test.alert_rule_test)
      .filter((test) => test.alertname === 'SalesgraphSlaBreachRate');
    assert.ok(
      slaCases.some((test) => test.exp_alerts.length > 0),
      'no case where the SLA-breach alert fires',
    );
    assert.ok(
      slaCases.some((test) => test.exp_alerts.length === 0),
      'no case where it stays quiet',
    );
  });
});
