import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { ConfigError, parseConfig } from './parse.js';
import { commonEnv, databaseEnv, kafkaEnv } from './fragments.js';

const schema = z.object({ ...commonEnv, ...databaseEnv, ...kafkaEnv });

describe('parseConfig', () => {
  it('reports every invalid variable at once, by name', () => {
    assert.throws(
      () => parseConfig(schema, { PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        const text = error.problems.join('\n');
        for (const name of ['PORT', 'DATABASE_URL', 'LOG_LEVEL', 'KAFKA_BROKERS']) assert.match(text, new RegExp(name));
        return true;
      },
    );
  });

  it('returns a deeply frozen, typed object with defaults applied', () => {
    const config = parseConfig(schema, {
      PORT: '4001',
      DATABASE_URL: 'postgres://u@h/db',
      KAFKA_BROKERS: 'a:9092, b:9092',
    });
    assert.equal(config.PORT, 4001);
    assert.equal(config.NODE_ENV, 'development');
    assert.deepEqual(config.KAFKA_BROKERS, ['a:9092', 'b:9092']);
    assert.ok(Object.isFrozen(config) && Object.isFrozen(config.KAFKA_BROKERS));
  });
});
