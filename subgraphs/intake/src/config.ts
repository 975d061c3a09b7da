import { z } from 'zod';
import { loadConfig } from '@salesgraph/config';
import { subgraphEnv } from '@salesgraph/subgraph';

export const intakeEnv = z.object(subgraphEnv(4006));

export type IntakeConfig = z.output<typeof intakeEnv>;

export const loadIntakeConfig = (): Readonly<IntakeConfig> => loadConfig(intakeEnv);
