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
