import type { FormattedExecutionResult } from 'graphql';

/**
 * A response's `data` already written as JSON by the executor (response-writer.ts), carried
 * through Apollo Server in place of the object and written out as it is by
 * `stringifyResult`. Anything else that serializes it gets the same value (`toJSON`).
 */
export class RenderedData {
  /**
   * @param merged The merged subgraph answers the JSON was written from, when writing changed
   * nothing in them (no error and no value-completion problem, so no null propagated): on every
   * key the operation selects they hold what the JSON holds. Readers that only walk the selection
   * (the actual cost of quotas) use them instead of parsing the JSON back.
   */
  constructor(
    readonly json: string,
    readonly merged?: unknown,
  ) {}

  toJSON(): unknown {
    return JSON.parse(this.json);
  }
}

/**
 * Apollo Server's `stringifyResult`: `{errors, data, extensions}` in Apollo's order, with
 * rendered data spliced in as text instead of being stringified again (a newline after, as
 * Apollo's own).
 */
export function stringifyResult(result: FormattedExecutionResult): string {
  const data: unknown = result.data;
  if (!(data instanceof RenderedData)) return `${JSON.stringify(result)}\n`;
  let json = '{';
  if (result.errors !== undefined) json += `"errors":${JSON.stringify(result.errors)},`;
  json += `"data":${data.json}`;
  if (result.extensions !== undefined) json += `,"extensions":${JSON.stringify(result.extensions)}`;
  return `${json}}\n`;
}
