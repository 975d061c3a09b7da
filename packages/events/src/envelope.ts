import { z } from 'zod';

/** The envelope every event carries (ARCHITECTURE.md, Events). */
export const envelopeSchema = z.object({
  eventId: z.uuid(),
  eventType: z.string().regex(/^[a-z]+(_[a-z]+)*\.[a-z]+(_[a-z]+)*$/, 'must look like aggregate.verb'),
  tenantId: z.string().min(1),
  aggregateType: z.string().min(1),
  aggregateId: z.uuid(),
  aggregateVersion: z.number().int().nonnegative(),
  occurredAt: z.iso.datetime({ offset: true }),
  source: z.string().min(1),
  schemaVersion: z.number().int().positive(),
  actor: z.string().nullable(),
  traceparent: z.string().nullable(),
  data: z.unknown(),
});

export type EventEnvelope<T = unknown> = Omit<z.infer<typeof envelopeSchema>, 'data'> & { data: T };
export type EnvelopeOf<Type extends string, T> = EventEnvelope<T> & { eventType: Type };
