import { createLogger } from '@salesgraph/logging';
import { runProcess } from '@salesgraph/process';
import { parseStartArgs, usage, UsageError } from './args.js';
import { loadEmbeddedConfig } from './config.js';
import { createEmbeddedStart } from './embedded-start.js';

let args;
try {
  args = parseStartArgs(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(`npm start: ${error.message}\n\n${usage}\n`);
  process.exit(2);
}
if (args === null) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
const config = loadEmbeddedConfig();
if (args.reset && config.DATABASE_URL) {
  process.stderr.write(
    'npm start: --reset wipes the embedded data directory only; with DATABASE_URL set there is nothing it may reset\n',
  );
  process.exit(2);
}
const logger = createLogger('embedded', config.LOG_LEVEL);
runProcess(
  createEmbeddedStart({ config, args, logger, print: (text) => process.stdout.write(`${text}\n`) }),
  logger,
  config.SHUTDOWN_GRACE_MS,
);
