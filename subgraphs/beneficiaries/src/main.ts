// First: hooks the PostgreSQL instrumentation into module loading before `pg` is loaded.
import '@salesgraph/telemetry/instrument';
import { createLogger } from '@salesgraph/logging';
import { runProcess } from '@salesgraph/process';
import { startTracing } from '@salesgraph/telemetry';
import { loadBeneficiariesConfig } from './config.js';
import { createBeneficiariesApp } from './app.js';

const config = loadBeneficiariesConfig();
const logger = createLogger('beneficiaries', config.LOG_LEVEL, { datadog: config.DD_LOGS_INJECTION });
const tracing = await startTracing('beneficiaries', config);
runProcess(tracing.around(await createBeneficiariesApp({ config, logger })), logger, config.SHUTDOWN_GRACE_MS);
