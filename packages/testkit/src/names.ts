import { randomBytes } from 'node:crypto';

/** A name no other test run uses: prefix + time + randomness, safe for SQL and Kafka. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`.toLowerCase();
}

export function testKafkaBrokers(): string {
  return process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092';
}

/** The gateway-to-subgraph signing secret used by test processes (never a production value). */
export const TEST_IDENTITY_SECRET = 'test-only-gateway-identity-secret-0123456789';

/** A TCP port that was free a moment ago (the OS picks it). */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
