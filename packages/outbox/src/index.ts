export { OutboxMessage } from './outbox-message.entity.js';
export { recordEvent } from './record-event.js';
export { outboxDdl } from './outbox.ddl.js';
export { createOutboxRelay, type OutboxRelay, type OutboxRelayOptions } from './relay.js';
export { relayEnv } from './relay.config.js';
