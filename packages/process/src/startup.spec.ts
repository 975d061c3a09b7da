import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger } from '@salesgraph/logging';
import { isTransientStartupError, startupWait } from './startup.js';

const named = (name: string, message = name, extra: object = {}) => Object.assign(new Error(message), { name }, extra);

describe('start-up waiting', () => {
  it('tells "not ready yet" from mistakes', () => {
    const transient = [
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      Object.assign(new Error('the database system is starting up'), { code: '57P03' }),
      named('KafkaJSNumberOfRetriesExceeded', 'retries', { cause: named('KafkaJSConnectionError') }),
      named('KafkaJSProtocolError', 'This server does not host this topic-partition', { retriable: true }),
      named('KafkaJSProtocolError', 'The coordinator is loading', { retriable: true }),
      new Error('Broker not connected'),
      named('MissingTopicsError', 'Kafka topics missing: x'),
      new Error('wrapped', { cause: Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }) }),
    ];
    for (const error of transient) assert.equal(isTransientStartupError(error), true, error.message);
    const mistakes = [
      Object.assign(new Error('password authentication failed for user "x"'), { code: '28P01' }),
      Object.assign(new Error('syntax error'), { code: '42601' }),
      named('KafkaJSSASLAuthenticationError', 'SASL SCRAM SHA512 authentication failed'),
      named('KafkaJSProtocolError', 'Topic authorization failed', { retriable: false }),
      new TypeError('undefined is not a function'),
    ];
    for (const error of mistakes) assert.equal(isTransientStartupError(error), false, error.message);
  });

  it('tries again after a transient error and returns what the attempt returns', async () => {
    const wait = startupWait({ deadlineMs: 60_000, logger: createLogger('startup-spec', 'silent') });
    let tries = 0;
    const value = await wait.until('PostgreSQL at db:5432', async () => {
      tries++;
      if (tries < 3) throw Object.assign(new Error('refused'), { code: 'ECONNREFUSED' });
      return 'connected';
    });
    assert.equal(value, 'connected');
    assert.equal(tries, 3);
  });

  it('fails at once on a mistake, and after the deadline naming what it waited for', async () => {
    const wait = startupWait({ deadlineMs: 100, logger: createLogger('startup-spec', 'silent') });
    const mistake = Object.assign(new Error('password authentication failed'), { code: '28P01' });
    await assert.rejects(() => wait.until('PostgreSQL at db:5432', () => Promise.reject(mistake)), mistake);
    await assert.rejects(
      () => wait.until('Kafka at k:9092', () => Promise.reject(new Error('Broker not connected'))),
      /^Error: gave up waiting for Kafka at k:9092: not reachable within STARTUP_DEADLINE_MS \(0 s; 1 tries over \d+ s; last: Broker not connected\)$/,
    );
  });
});
