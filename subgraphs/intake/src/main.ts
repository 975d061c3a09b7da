// First: hooks the PostgreSQL instrumentation into module loading before `pg` is loaded.
import '@salesgraph/telemetry/instrument';
import { createLogger } from '@salesgraph/logging';
import { runProcess } from '@salesgraph/process';
import { startTracing } from '@salesgraph/telemetry';
import { loadIntakeConfig } from './config.js';
import { createIntakeApp } from './app.js';

const config = loadIntakeConfig();
const logger = createLogger('intake', config.LOG_LEVEL, { datadog: config.DD_LOGS_INJECTION });
const tracing = await startTracing('intake', config);
runProcess(tracing.around(await createIntakeApp({ config, logger })), logger, config.SHUTDOWN_GRACE_MS);
