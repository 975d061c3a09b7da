export { envelopeSchema, type EventEnvelope, type EnvelopeOf } from './envelope.js';
export { eventSchemas, type EventType, type EventData, aggregateTypenames } from './registry.js';
export { parseEvent, EventValidationError, createEvent, type NewEvent } from './parse.js';
export { topicFor, dlqTopicFor, topicOfEvent } from './topics.js';
export * as accountsEvents from './accounts.js';
export * as dealsEvents from './deals.js';
