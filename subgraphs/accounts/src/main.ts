import { createLogger } from '@salesgraph/logging';
import { runProcess } from '@salesgraph/process';
import { loadAccountsConfig } from './config.js';
import { createAccountsApp } from './app.js';

const config = loadAccountsConfig();
const logger = createLogger('accounts', config.LOG_LEVEL);
runProcess(await createAccountsApp({ config, logger }), logger, config.SHUTDOWN_GRACE_MS);
