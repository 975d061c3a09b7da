import { createLogger } from '@salesgraph/logging';
import { runProcess } from '@salesgraph/process';
import { loadDealsConfig } from './config.js';
import { createDealsApp } from './app.js';

const config = loadDealsConfig();
const logger = createLogger('deals', config.LOG_LEVEL);
runProcess(await createDealsApp({ config, logger }), logger, config.SHUTDOWN_GRACE_MS);
