import type { EventHandlers } from '@salesgraph/projection';

/** One handler for each of these event types: a projection's `handlers`, or a part of them. */
export const handleAll = (eventTypes: readonly string[], handler: EventHandlers[string]): EventHandlers =>
  Object.fromEntries(eventTypes.map((eventType) => [eventType, handler]));
