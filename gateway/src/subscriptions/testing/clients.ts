import type { ExecutionResult } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { waitFor } from '@salesgraph/testkit';

export interface Collected {
  readonly messages: ExecutionResult<Record<string, any>>[];
  readonly errors: unknown[];
  completed: boolean;
  /** Waits until at least `count` messages arrived; returns them all. */
  until(count: number, description?: string): Promise<ExecutionResult<Record<string, any>>[]>;
  stop(): void;
}

/** The real graphql-ws client (no retries, so close codes surface as errors). */
export function wsClient(
  url: string,
  token: string | null,
  options: { onClosed?: (event: { code: number; reason: string }) => void } = {},
): Client {
  return createClient({
    url,
    webSocketImpl: WebSocket,
    connectionParams: token === null ? {} : { authorization: `Bearer ${token}` },
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => undefined,
    on: { closed: (event) => options.onClosed?.(event as { code: number; reason: string }) },
  });
}

/** Subscribes and records every message, error and completion. */
export function collect(client: Client, query: string, variables: Record<string, unknown> = {}): Collected {
  const collected: Collected = {
    messages: [],
    errors: [],
    completed: false,
    until: (count, description = `${count} messages`) =>
      waitFor(() => (collected.messages.length >= count ? collected.messages : undefined), {
        timeoutMs: 20_000,
        description,
      }),
    stop: () => unsubscribe(),
  };
  const unsubscribe = client.subscribe(
    { query, variables },
    {
      next: (message) => void collected.messages.push(message as ExecutionResult<Record<string, any>>),
      error: (error) => void collected.errors.push(error),
      complete: () => (collected.completed = true),
    },
  );
  return collected;
}

export interface RawSocket {
  readonly socket: WebSocket;
  readonly received: Record<string, any>[];
  readonly closed: Promise<{ code: number; reason: string }>;
  send(message: Record<string, unknown>): void;
  next(type: string): Promise<Record<string, any>>;
}

/** A bare WebSocket speaking graphql-transport-ws by hand, for protocol edge cases. */
export async function rawSocket(url: string, options: WebSocket.ClientOptions = {}): Promise<RawSocket> {
  const socket = new WebSocket(url, 'graphql-transport-ws', options);
  const received: Record<string, any>[] = [];
  socket.on('message', (data) => received.push(JSON.parse(String(data)) as Record<string, any>));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString('utf8') })),
  );
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return {
    socket,
    received,
    closed,
    send: (message) => socket.send(JSON.stringify(message)),
    next: (type) =>
      waitFor(() => received.find((message) => message['type'] === type), {
        timeoutMs: 10_000,
        description: `a ${type} message`,
      }),
  };
}
