import { join } from 'node:path';
import { parseConfig } from '@salesgraph/config';
import { createLogger, type Logger } from '@salesgraph/logging';
import { TEST_IDENTITY_SECRET } from '@salesgraph/testkit';
import { createGatewayApp, type GatewayApp } from '../app.js';
import { gatewayEnv } from '../config.js';

/**
 * The gateway app in this process (test mode, a free port, the committed supergraph loaded
 * once), its development issuer key in `dir`, subgraphs routed by `SUBGRAPH_URLS`, plus `env`;
 * silent unless given a logger.
 */
export async function startInProcessGateway(
  dir: string,
  env: Record<string, string>,
  logger: Logger = createLogger('gateway-test', 'silent'),
): Promise<GatewayApp> {
  const config = parseConfig(gatewayEnv, {
    NODE_ENV: 'test',
    PORT: '0',
    GATEWAY_IDENTITY_SECRET: TEST_IDENTITY_SECRET,
    DEV_ISSUER_KEY_FILE: join(dir, 'key.json'),
    SUPERGRAPH_POLL_MS: '0',
    ...env,
  });
  const app = createGatewayApp({ config, logger });
  await app.start();
  return app;
}
