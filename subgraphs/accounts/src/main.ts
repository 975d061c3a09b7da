// First: hooks the PostgreSQL instrumentation into module loading before `pg` is loaded.
import '@salesgraph/telemetry/instrument';
import { createLogger } from '@salesgraph/logging';
import { runProcess } from '@salesgraph/process';
import { startTracing } from '@salesgraph/telemetry';
import { loadAccountsConfig } from './config.js';
import { createAccountsApp } from './app.js';

const config = loadAccountsConfig();
const logger = createLogger('accounts', config.LOG_LEVEL, { datadog: config.DD_LOGS_INJECTION });
const tracing = await startTracing('accounts', config);
runProcess(tracing.around(await createAccountsApp({ config, logger })), logger, config.SHUTDOWN_GRACE_MS);
