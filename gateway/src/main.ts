import { createLogger } from '@salesgraph/logging';
import { runProcess } from '@salesgraph/process';
import { startTracing } from '@salesgraph/telemetry';
import { loadGatewayConfig } from './config.js';
import { createGatewayApp } from './app.js';

const config = loadGatewayConfig();
const logger = createLogger('gateway', config.LOG_LEVEL, { datadog: config.DD_LOGS_INJECTION });
const tracing = await startTracing('gateway', config);
runProcess(tracing.around(createGatewayApp({ config, logger })), logger, config.SHUTDOWN_GRACE_MS);
