import type { GatewayDetail } from './comparison.js';
import type { ScenarioResult } from './report.js';
import type { QuotaCheckMeasurement } from './g1/quota-check.js';

export interface Verdict {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean | null;
}

const fmt = (value: number | undefined | null, digits = 1): string =>
  value === undefined || value === null || !Number.isFinite(value) ? '—' : value.toFixed(digits);

const ratio = (a?: number, b?: number): number | undefined =>
  a !== undefined && b !== undefined && b > 0 ? a / b : undefined;

/**
 * The gateway targets of issue 19, from one run: our headline row (`ours`, 50 principals, one
 * per connection) against Hive Gateway with its Rust router runtime (`hive-rr`) and stock Apollo
 * Gateway; the rows at other settings are secondary and only reported.
 */
export function gatewayVerdicts(scenario: 'G1' | 'G2', result: ScenarioResult | undefined): Verdict[] {
  const entry = (name: string) => result?.entries[name] as { rps?: number; p95?: number } | undefined;
  const cpuMs = (name: string) => (result?.details?.[name] as GatewayDetail | undefined)?.cpuMsPerRequest.median;
  const subgraphRequests = (name: string) =>
    (result?.details?.[name] as GatewayDetail | undefined)?.subgraphRequestsPerOperation.median;
  const ours = entry('ours');
  const hiveRr = entry('hive-rr');
  const apollo = entry('apollo');
  const vs = (name: string, over = 'ours') => ratio(entry(over)?.rps, entry(name)?.rps);
  const measuredVs = (name: string, over = 'ours') => {
    const value = vs(name, over);
    return value === undefined
      ? 'not measured'
      : `${value.toFixed(2)}x (${fmt(entry(over)?.rps, 0)} vs ${fmt(entry(name)?.rps, 0)} rps)`;
  };
  const verdicts: Verdict[] = [
    {
      target: `${scenario}, 50 principals: RPS >= 1.5x Hive Gateway with the Rust router runtime (hive-rr)`,
      measured: measuredVs('hive-rr'),
      met: vs('hive-rr') === undefined ? null : vs('hive-rr')! >= 1.5,
    },
  ];
  if (scenario === 'G1') {
    verdicts.push(
      {
        target: 'G1, 50 principals: RPS >= 5x stock Apollo Gateway (no sharing on either side)',
        measured: `${measuredVs('apollo')}; ours-unshared ${measuredVs('apollo', 'ours-unshared')}`,
        met: vs('apollo') === undefined ? null : vs('apollo')! >= 5,
      },
      {
        target: 'G1, 50 principals: p95 no worse than hive-rr',
        measured:
          ours?.p95 === undefined || hiveRr?.p95 === undefined
            ? 'not measured'
            : `${fmt(ours.p95)} ms vs ${fmt(hiveRr.p95)} ms`,
        met: ours?.p95 === undefined || hiveRr?.p95 === undefined ? null : ours.p95 <= hiveRr.p95,
      },
    );
  }
  const secondary = (target: string, measured: string): Verdict => ({ target, measured, met: null });
  verdicts.push(
    secondary(`${scenario} (secondary): ours vs Hive Gateway, default runtime`, measuredVs('hive')),
    secondary(`${scenario} (secondary): ours vs stock Apollo Gateway`, apollo ? measuredVs('apollo') : 'not measured'),
    secondary(
      `${scenario} (secondary): CPU ms per request, ours / hive-rr / hive / apollo`,
      ['ours', 'hive-rr', 'hive', 'apollo'].map((name) => fmt(cpuMs(name), 2)).join(' / '),
    ),
  );
  if (entry('ours-dedup'))
    verdicts.push(
      secondary(
        `${scenario} (secondary): at Hive's setting (subgraph-request dedup on, response sharing off), ours-dedup vs hive-rr / hive`,
        `${measuredVs('hive-rr', 'ours-dedup')} / ${measuredVs('hive', 'ours-dedup')}`,
      ),
    );
  if (entry('ours-traced-10pct'))
    verdicts.push({
      target: `${scenario}: tracing on at 10 % sampling (ours-traced-10pct) keeps >= 90% of ours' RPS`,
      measured: `${fmt((vs('ours', 'ours-traced-10pct') ?? Number.NaN) * 100, 1)}% (${fmt(entry('ours-traced-10pct')?.rps, 0)} vs ${fmt(ours?.rps, 0)} rps; ${fmt(cpuMs('ours-traced-10pct'), 2)} vs ${fmt(cpuMs('ours'), 2)} CPU ms per request)`,
      met: vs('ours', 'ours-traced-10pct') === undefined ? null : vs('ours', 'ours-traced-10pct')! >= 0.9,
    });
  if (entry('ours-apollo-executor'))
    verdicts.push(
      secondary(
        `${scenario} (secondary): our executor vs @apollo/gateway's in our gateway (ours vs ours-apollo-executor)`,
        measuredVs('ours-apollo-executor'),
      ),
    );
  const quota = entry('ours-quota') as { p50?: number } | undefined;
  const quotaCheck = result?.details?.['quota-check'] as QuotaCheckMeasurement | undefined;
  if (quota && scenario === 'G1') {
    const addedCpu = (cpuMs('ours-quota') ?? NaN) - (cpuMs('ours') ?? NaN);
    const addedP50 = (quota.p50 ?? NaN) - ((ours as { p50?: number } | undefined)?.p50 ?? NaN);
    const alone = quotaCheck
      ? `the check alone (gateway code, G1's operation and answer, local Redis, ${quotaCheck.requests} requests): ${fmt(quotaCheck.cpuMsPerRequest, 3)} CPU ms and ${fmt(quotaCheck.wallMsPerRequest, 3)} ms wall per request (Redis round trip included)`
      : 'the check alone: not measured';
    verdicts.push({
      target: 'G1: the quota check (Redis round trip included) adds <= 0.3 ms per request',
      measured: `${alone}; end to end, ours-quota vs ours: CPU ${fmt(addedCpu, 3)} ms/request (${fmt(cpuMs('ours-quota'), 3)} vs ${fmt(cpuMs('ours'), 3)}, subgraph requests per operation ${fmt(subgraphRequests('ours-quota'))} vs ${fmt(subgraphRequests('ours'))}); p50 ${fmt(addedP50, 2)} ms; ${measuredVs('ours-quota')}`,
      met: quotaCheck ? quotaCheck.cpuMsPerRequest <= 0.3 && quotaCheck.wallMsPerRequest <= 0.3 : null,
    });
  }
  if (entry('ours-one-principal'))
    verdicts.push(
      secondary(
        `${scenario} (secondary): one principal, responses shared (ours-one-principal) vs hive-rr`,
        measuredVs('hive-rr', 'ours-one-principal'),
      ),
    );
  return verdicts;
}
