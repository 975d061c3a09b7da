import { fileURLToPath } from 'node:url';

/** Repository root, as seen from deploy/dist/. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The processes the one image runs, by the entry point each compose service / Deployment names. */
export const entryPoints = {
  gateway: 'gateway/dist/main.js',
  accounts: 'subgraphs/accounts/dist/main.js',
  deals: 'subgraphs/deals/dist/main.js',
  contracts: 'subgraphs/contracts/dist/main.js',
  beneficiaries: 'subgraphs/beneficiaries/dist/main.js',
  workflows: 'subgraphs/workflows/dist/main.js',
  intake: 'subgraphs/intake/dist/main.js',
  relay: 'packages/outbox/dist/relay.main.js',
  seed: 'packages/seed/dist/seed.cli.js',
} as const;

export type EntryPoint = keyof typeof entryPoints;

export const subgraphNames = ['accounts', 'deals', 'contracts', 'beneficiaries', 'workflows', 'intake'] as const;
