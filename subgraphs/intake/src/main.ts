import { createLogger } from '@salesgraph/logging';
import { runProcess } from '@salesgraph/process';
import { loadIntakeConfig } from './config.js';
import { createIntakeApp } from './app.js';

const config = loadIntakeConfig();
const logger = createLogger('intake', config.LOG_LEVEL);
runProcess(await createIntakeApp({ config, logger }), logger, config.SHUTDOWN_GRACE_MS);
