export { envelopeSchema, type EventEnvelope, type EnvelopeOf } from './envelope.js';
export { eventSchemas, type EventType, type EventData, aggregateTypenames } from './registry.js';
export { parseEvent, EventValidationError, createEvent, type NewEvent } from './parse.js';
export {
  topicFor,
  dlqTopicFor,
  topicOfEvent,
  topics,
  allTopics,
  ordersTopicOf,
  orderTopics,
  salesSystems,
} from './topics.js';
export { money } from './money.js';
export * as accountsEvents from './accounts.js';
export * as dealsEvents from './deals.js';
export * as contractsEvents from './contracts.js';
export * as beneficiariesEvents from './beneficiaries.js';
export * as workflowsEvents from './workflows.js';
export * as intakeEvents from './intake.js';
