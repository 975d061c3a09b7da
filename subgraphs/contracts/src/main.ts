import { createLogger } from '@salesgraph/logging';
import { runProcess } from '@salesgraph/process';
import { loadContractsConfig } from './config.js';
import { createContractsApp } from './app.js';

const config = loadContractsConfig();
const logger = createLogger('contracts', config.LOG_LEVEL);
runProcess(await createContractsApp({ config, logger }), logger, config.SHUTDOWN_GRACE_MS);
