export { parseConfig, loadConfig, ConfigError } from './parse.js';
export { deepFreeze } from './freeze.js';
export {
  commonEnv,
  databaseEnv,
  kafkaEnv,
  optionalKafkaEnv,
  kafkaSecurityEnv,
  kafkaTopicEnv,
  gatewayTrustEnv,
  retrySettings,
  retryPolicyOf,
  flagSetting,
  commaList,
  jsonSetting,
} from './fragments.js';
export { secretSettings, readSecretFile, type SecretSetting } from './secret-files.js';
export { commandLine } from './command-line.js';
