import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import assert from 'node:assert/strict';
import { scheduleCheckPendingRequests, type RequestQueueTimerState } from './request-queue-timer.js';

const NOW = 1_000_000;

function queue(fields: Partial<RequestQueueTimerState> = {}): RequestQueueTimerState & { checks: number } {
  const state = {
    throttledUntil: -1,
    pending: [] as unknown[],
    throttleCheckTimeoutId: null as NodeJS.Timeout | null,
    checks: 0,
    checkPendingRequests() {
      state.checks += 1;
    },
    ...fields,
  };
  return state;
}

describe('kafkajs request queue: when the pending requests are checked again', () => {
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout'] }));
  afterEach(() => mock.timers.reset());

  it('schedules nothing when no request waits and nothing is throttled (the 1 ms loop of kafkajs 2.2.4)', () => {
    const state = queue();
    scheduleCheckPendingRequests.call(state, NOW);
    assert.equal(state.throttleCheckTimeoutId, null);
    mock.timers.tick(1_000);
    assert.equal(state.checks, 0);
  });

  it('checks waiting requests every 10 ms when not throttled', () => {
    const state = queue({ pending: [{}] });
    scheduleCheckPendingRequests.call(state, NOW);
    assert.notEqual(state.throttleCheckTimeoutId, null);
    mock.timers.tick(9);
    assert.equal(state.checks, 0);
    mock.timers.tick(1);
    assert.equal(state.checks, 1);
    assert.equal(state.throttleCheckTimeoutId, null);
  });

  it('checks a throttled queue when the throttle ends, waiting requests or not', () => {
    for (const pending of [[], [{}]]) {
      const state = queue({ pending, throttledUntil: NOW + 250 });
      scheduleCheckPendingRequests.call(state, NOW);
      mock.timers.tick(249);
      assert.equal(state.checks, 0);
      mock.timers.tick(1);
      assert.equal(state.checks, 1);
    }
  });

  it('keeps an already scheduled check instead of adding another', () => {
    const state = queue({ pending: [{}] });
    scheduleCheckPendingRequests.call(state, NOW);
    const first = state.throttleCheckTimeoutId;
    scheduleCheckPendingRequests.call(state, NOW);
    assert.equal(state.throttleCheckTimeoutId, first);
    mock.timers.tick(10);
    assert.equal(state.checks, 1);
  });
});
