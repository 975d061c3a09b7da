/**
 * WebSocket close codes the gateway itself uses, beyond graphql-ws's own (4400, 4401, 4403 on a
 * refused connection_init, 4406, 4408, 4409, 4429, 4500). All of these are retryable by the
 * graphql-ws client; SUBSCRIPTIONS.md says what a client should do for each.
 */
export const closeCodes = {
  /** The token the connection was opened with expired: reconnect with a fresh one. */
  tokenExpired: { code: 4403, reason: 'Token expired' },
  /** The client read slower than events arrived and its queue filled: reconnect with the last cursor. */
  slowConsumer: { code: 4503, reason: 'Slow consumer' },
  /** The gateway is shutting down: reconnect (to another instance) with the last cursor. */
  shutdown: { code: 1012, reason: 'Service restart' },
  /** The identity provider's keys are unavailable: retry later. */
  tryAgainLater: { code: 1013, reason: 'Try again later' },
} as const;
