import type { z } from 'zod';
import { schemas as accounts } from './accounts.js';
import { schemas as deals } from './deals.js';
import { schemas as contracts } from './contracts.js';
import { schemas as beneficiaries } from './beneficiaries.js';
import { schemas as workflows } from './workflows.js';
import { schemas as intake } from './intake.js';

/** The data schema of every event type, the single source producers and consumers validate against. */
export const eventSchemas = {
  ...accounts,
  ...deals,
  ...contracts,
  ...beneficiaries,
  ...workflows,
  ...intake,
} as const;

export type EventType = keyof typeof eventSchemas;
export type EventData<T extends EventType> = z.infer<(typeof eventSchemas)[T]>;

/** aggregateType -> the GraphQL __typename of its entity, so the gateway can resolve it. */
export const aggregateTypenames: Readonly<Record<string, string>> = {
  company: 'Company',
  contact: 'Contact',
  deal: 'Deal',
  pipeline: 'PipelineSummary',
  contract: 'Contract',
  beneficiary: 'Beneficiary',
  process: 'ProcessInstance',
  task: 'Task',
  sales_order: 'SalesOrder',
};
