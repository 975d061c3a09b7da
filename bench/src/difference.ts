/** The first path where two JSON values differ, with both values there (undefined: equal). */
export function firstDifference(actual: unknown, expected: unknown, path = '$'): string | undefined {
  if (Object.is(actual, expected)) return undefined;
  if (
    typeof actual !== 'object' ||
    typeof expected !== 'object' ||
    actual === null ||
    expected === null ||
    Array.isArray(actual) !== Array.isArray(expected)
  ) {
    return `${path}: got ${JSON.stringify(actual)?.slice(0, 200)}, expected ${JSON.stringify(expected)?.slice(0, 200)}`;
  }
  const a = actual as Record<string, unknown>;
  const e = expected as Record<string, unknown>;
  const keys = new Set([...Object.keys(a), ...Object.keys(e)]);
  for (const key of keys) {
    const found = firstDifference(a[key], e[key], Array.isArray(actual) ? `${path}[${key}]` : `${path}.${key}`);
    if (found) return found;
  }
  return undefined;
}

/**
 * A response without its `extensions.cost` (the quota report of our gateway with quotas on,
 * different on every request): the answer itself is what is compared.
 */
export function withoutCostReport(response: unknown): unknown {
  if (typeof response !== 'object' || response === null || !('extensions' in response)) return response;
  const { extensions, ...rest } = response as { extensions?: Record<string, unknown> };
  if (!extensions || !('cost' in extensions)) return response;
  const { cost: _cost, ...others } = extensions;
  return Object.keys(others).length > 0 ? { ...rest, extensions: others } : rest;
}
