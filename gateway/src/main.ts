import { createLogger } from '@salesgraph/logging';
import { runProcess } from '@salesgraph/process';
import { loadGatewayConfig } from './config.js';
import { createGatewayApp } from './app.js';

const config = loadGatewayConfig();
const logger = createLogger('gateway', config.LOG_LEVEL);
runProcess(createGatewayApp({ config, logger }), logger, config.SHUTDOWN_GRACE_MS);
