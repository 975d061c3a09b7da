/** A parsed JSON value that is an object (not null, not an array): the one check the gateway's request and response parsers share. */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);
