// First: hooks the PostgreSQL instrumentation into module loading before `pg` is loaded.
import '@salesgraph/telemetry/instrument';
import { createLogger } from '@salesgraph/logging';
import { runProcess } from '@salesgraph/process';
import { startTracing } from '@salesgraph/telemetry';
import { loadContractsConfig } from './config.js';
import { createContractsApp } from './app.js';

const config = loadContractsConfig();
const logger = createLogger('contracts', config.LOG_LEVEL, { datadog: config.DD_LOGS_INJECTION });
const tracing = await startTracing('contracts', config);
runProcess(tracing.around(await createContractsApp({ config, logger })), logger, config.SHUTDOWN_GRACE_MS);
