import type { z } from 'zod';
import { schemas as accounts } from './accounts.js';
import { schemas as deals } from './deals.js';

/** The data schema of every event type, the single source producers and consumers validate against. */
export const eventSchemas = {
  ...accounts,
  ...deals,
} as const;

export type EventType = keyof typeof eventSchemas;
export type EventData<T extends EventType> = z.infer<(typeof eventSchemas)[T]>;

/** aggregateType -> the GraphQL __typename of its entity, so the gateway can resolve it. */
export const aggregateTypenames: Readonly<Record<string, string>> = {
  company: 'Company',
  contact: 'Contact',
  deal: 'Deal',
  contract: 'Contract',
  beneficiary: 'Beneficiary',
  process: 'ProcessInstance',
  task: 'Task',
};
