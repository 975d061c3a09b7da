import type { EntityManager } from '@mikro-orm/postgresql';
import { parseEvent, dlqTopicFor, EventValidationError, type EventEnvelope } from '@salesgraph/events';
import type { BusMessage, BusProducer } from '@salesgraph/kafka';
import { applyRun } from './apply-run.js';
import { inConsumerSpan } from './consume-telemetry.js';

/**
 * What a handler knows about the delivery. `replaying` is true while `npm run projections:rebuild`
 * replays the topics: the events were seen before, so a handler that emits events of its own
 * (a saga step, a summary that announces changes) must not emit them again.
 */
export interface ApplyContext {
  readonly replaying: boolean;
}

/** Applies one event. */
export type EventHandler = (em: EntityManager, event: EventEnvelope, context: ApplyContext) => Promise<void>;

/**
 * Applies consecutive events of one tenant at once, with set-based SQL (all of types this handler
 * is registered for; register the same object for several types to get them in one run), and must
 * leave the same state as applying them one by one in their order (the same aggregate may occur
 * more than once: the last one wins). A consumer's batch hands it whole runs; a single delivery
 * hands it one event. Made with `setBased(...)`.
 */
export interface SetBasedHandler {
  readonly applyMany: (em: EntityManager, events: readonly EventEnvelope[], context: ApplyContext) => Promise<void>;
}

export const setBased = (applyMany: SetBasedHandler['applyMany']): SetBasedHandler => ({ applyMany });

export type EventHandlers = Readonly<Record<string, EventHandler | SetBasedHandler>>;

export interface ProjectionDeps {
  readonly consumer: string;
  readonly schema: string;
  readonly em: EntityManager;
  readonly handlers: EventHandlers;
  readonly dlq: BusProducer;
  readonly maxAttempts: number;
  /** Set by a rebuild (see ApplyContext). */
  readonly replaying?: boolean;
  readonly onApplied?: (event: EventEnvelope) => void;
  readonly onDeadLetter?: (reason: string) => void;
}

export type ProcessOutcome = 'applied' | 'duplicate' | 'ignored' | 'dead-lettered';

async function applyOnce(deps: ProjectionDeps, event: EventEnvelope): Promise<ProcessOutcome> {
  if (!deps.handlers[event.eventType]) return 'ignored';
  return (await applyRun(deps, [event])).length > 0 ? 'applied' : 'duplicate';
}

/** The event a message carries; a malformed or schema-invalid one goes to the dead-letter topic at once (null). */
export async function parseOrDeadLetter(deps: ProjectionDeps, message: BusMessage): Promise<EventEnvelope | null> {
  try {
    return parseEvent(JSON.parse(message.value?.toString('utf8') ?? ''));
  } catch (error) {
    const reason = error instanceof EventValidationError ? error.message : 'malformed JSON';
    await deadLetter(deps, message, reason, 1);
    return null;
  }
}

async function deadLetter(deps: ProjectionDeps, message: BusMessage, reason: string, attempts: number): Promise<void> {
  await deps.dlq.send(dlqTopicFor(message.topic), [
    {
      key: message.key ?? '',
      value: message.value?.toString('utf8') ?? '',
      headers: {
        'x-dlq-consumer': deps.consumer,
        'x-dlq-reason': reason.slice(0, 1000),
        'x-dlq-attempts': String(attempts),
        'x-dlq-source': `${message.topic}/${message.partition}/${message.offset}`,
      },
    },
  ]);
  deps.onDeadLetter?.(reason);
}

/**
 * Applies one message to a projection; testable without a broker. Invalid messages go to the
 * dead-letter topic at once; a handler failure is retried up to maxAttempts, then dead-lettered.
 * Resolves when the message may be committed.
 */
export async function processMessage(deps: ProjectionDeps, message: BusMessage): Promise<ProcessOutcome> {
  const event = await parseOrDeadLetter(deps, message);
  if (!event) return 'dead-lettered';
  let lastError: unknown;
  for (let attempt = 1; attempt <= deps.maxAttempts; attempt++) {
    try {
      const outcome = await inConsumerSpan(deps.consumer, [{ message, event }], () => applyOnce(deps, event));
      if (outcome === 'applied') deps.onApplied?.(event);
      return outcome;
    } catch (error) {
      lastError = error;
      if (attempt < deps.maxAttempts) await new Promise((resolve) => setTimeout(resolve, 25 * attempt));
    }
  }
  // The database being unreachable says nothing about the message: do not dead-letter it,
  // fail the delivery so the consumer redelivers it once the database is back.
  if (isInfrastructureError(lastError)) throw lastError;
  await deadLetter(
    deps,
    message,
    `${event.eventType} ${event.eventId} failed: ${safeReason(lastError)}`,
    deps.maxAttempts,
  );
  return 'dead-lettered';
}

/**
 * Failures that say nothing about the message: sockets, PostgreSQL connection class 08, too many
 * clients (53300), shutdowns (57P0x), and a deadlock or serialization failure (40P01, 40001)
 * with another transaction (another process of the same group, a mutation), which the next
 * delivery does not meet again.
 */
const infrastructureCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '53300',
  '57P01',
  '57P02',
  '57P03',
  '40P01',
  '40001',
]);

/** Failures of the infrastructure or of concurrency, not poison: the message is redelivered. */
export function isInfrastructureError(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && (infrastructureCodes.has(code) || code.startsWith('08'))) return true;
    if (
      current instanceof Error &&
      /Connection terminated|too many clients|connect ECONNREFUSED/i.test(current.message)
    )
      return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

function safeReason(error: unknown): string {
  return error instanceof Error ? error.name + ': ' + error.message.split('\n')[0] : 'unknown error';
}
