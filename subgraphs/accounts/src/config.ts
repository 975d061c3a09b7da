import { z } from 'zod';
import { loadConfig } from '@salesgraph/config';
import { subgraphEnv } from '@salesgraph/subgraph';

export const accountsEnv = z.object(subgraphEnv(4001));

export type AccountsConfig = z.output<typeof accountsEnv>;

export const loadAccountsConfig = (): Readonly<AccountsConfig> => loadConfig(accountsEnv);
