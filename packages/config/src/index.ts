export { parseConfig, loadConfig, ConfigError } from './parse.js';
export { deepFreeze } from './freeze.js';
export { commonEnv, databaseEnv, kafkaEnv, gatewayTrustEnv, retrySettings, retryPolicyOf } from './fragments.js';
export { secretFile, secretOf } from './secrets.js';
