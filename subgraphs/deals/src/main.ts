// First: hooks the PostgreSQL instrumentation into module loading before `pg` is loaded.
import '@salesgraph/telemetry/instrument';
import { createLogger } from '@salesgraph/logging';
import { runProcess } from '@salesgraph/process';
import { startTracing } from '@salesgraph/telemetry';
import { loadDealsConfig } from './config.js';
import { createDealsApp } from './app.js';

const config = loadDealsConfig();
const logger = createLogger('deals', config.LOG_LEVEL, { datadog: config.DD_LOGS_INJECTION });
const tracing = await startTracing('deals', config);
runProcess(tracing.around(await createDealsApp({ config, logger })), logger, config.SHUTDOWN_GRACE_MS);
