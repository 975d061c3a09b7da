import { createLogger } from '@salesgraph/logging';
import { runProcess } from '@salesgraph/process';
import { loadWorkflowsConfig } from './config.js';
import { createWorkflowsApp } from './app.js';

const config = loadWorkflowsConfig();
const logger = createLogger('workflows', config.LOG_LEVEL);
runProcess(await createWorkflowsApp({ config, logger }), logger, config.SHUTDOWN_GRACE_MS);
