import { readFileSync } from 'node:fs';

/** `examples/<slug>-order.json` (the documented example order of a system), parsed afresh each time. */
export function exampleOrder(slug: 'pyxis' | 'tempo'): Record<string, unknown> {
  const url = new URL(`../../examples/${slug}-order.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as Record<string, unknown>;
}
