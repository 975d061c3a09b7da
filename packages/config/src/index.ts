export { parseConfig, loadConfig, ConfigError } from './parse.js';
export { deepFreeze } from './freeze.js';
export {
  commonEnv,
  databaseEnv,
  kafkaEnv,
  kafkaSecurityEnv,
  kafkaTopicEnv,
  gatewayTrustEnv,
  retrySettings,
  retryPolicyOf,
} from './fragments.js';
export { secretSettings, readSecretFile, type SecretSetting } from './secret-files.js';
