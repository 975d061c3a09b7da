import { waitFor } from '@salesgraph/testkit';
/** Nearest-rank percentile of ascending `sorted` values (0 when empty). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? 0;
}

export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

/** Median (mean of the middle two for an even count) with min and max. */
export function spread(values: readonly number[]): Spread {
  if (values.length === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN };
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  return { median, min: sorted[0] ?? 0, max: sorted[sorted.length - 1] ?? 0 };
}

export const round = (value: number, digits = 1): number => {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
};

/**
 * Waits (up to a minute) until everything sent is visible, then the sorted delays in ms from
 * each send to its visibility; what never became visible is left out (count it apart).
 */
export async function visibilityDelays(
  sentAt: ReadonlyMap<string, number>,
  visibleAt: ReadonlyMap<string, number>,
  description: string,
): Promise<number[]> {
  await waitFor(() => [...sentAt.keys()].every((id) => visibleAt.has(id)), {
    timeoutMs: 60_000,
    intervalMs: 100,
    description,
  }).catch(() => undefined);
  return [...sentAt]
    .map(([id, sent]) => (visibleAt.get(id) ?? Number.NaN) - sent)
    .filter((value) => Number.isFinite(value))
    .sort((a, b) => a - b);
}
