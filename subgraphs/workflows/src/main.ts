// First: hooks the PostgreSQL instrumentation into module loading before `pg` is loaded.
import '@salesgraph/telemetry/instrument';
import { createLogger } from '@salesgraph/logging';
import { runProcess } from '@salesgraph/process';
import { startTracing } from '@salesgraph/telemetry';
import { loadWorkflowsConfig } from './config.js';
import { createWorkflowsApp } from './app.js';

const config = loadWorkflowsConfig();
const logger = createLogger('workflows', config.LOG_LEVEL, { datadog: config.DD_LOGS_INJECTION });
const tracing = await startTracing('workflows', config);
runProcess(tracing.around(await createWorkflowsApp({ config, logger })), logger, config.SHUTDOWN_GRACE_MS);
