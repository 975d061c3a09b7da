import { createLogger } from '@salesgraph/logging';
import { runProcess } from '@salesgraph/process';
import { loadBeneficiariesConfig } from './config.js';
import { createBeneficiariesApp } from './app.js';

const config = loadBeneficiariesConfig();
const logger = createLogger('beneficiaries', config.LOG_LEVEL);
runProcess(await createBeneficiariesApp({ config, logger }), logger, config.SHUTDOWN_GRACE_MS);
