import { createSubgraphService, type SubgraphAppOptions, type SubgraphService } from '@salesgraph/subgraph';
import { describeError } from '@salesgraph/logging';
import type { WorkflowsConfig } from './config.js';
import { buildSchema, entities } from './schema.js';
import { migrations } from './migrations/index.js';
import { projections } from './projections.js';
import { createSlaSweeper } from './sla/sla-sweeper.js';
import { systemClock, type Clock } from './clock.js';
import { EmailChannel, SmsChannel, WhatsAppChannel, type NotificationChannel } from '@salesgraph/notifications';
import { notificationSender } from './notification/notification.sender.js';
import { registerTaskMetrics } from './task/task.metrics.js';

export interface WorkflowsAppOptions extends SubgraphAppOptions<WorkflowsConfig> {
  /** What the SLA sweeper takes as "now" (tests move time with it). */
  readonly clock?: Clock;
}

/** The notification channels whose settings are given, by name. */
function notificationChannels(settings: WorkflowsConfig['notifications']): Map<string, NotificationChannel> {
  const channels = new Map<string, NotificationChannel>();
  if (settings.email) channels.set('email', new EmailChannel(settings.email));
  if (settings.sms) channels.set('sms', new SmsChannel(settings.sms));
  if (settings.whatsapp) channels.set('whatsapp', new WhatsAppChannel(settings.whatsapp));
  return channels;
}

/** Builds the workflows subgraph from its parts; `main.ts` only runs it. */
export async function createWorkflowsApp(options: WorkflowsAppOptions): Promise<SubgraphService> {
  const { config, logger } = options;
  return createSubgraphService({
    name: 'workflows',
    config,
    schema: await buildSchema(),
    entities,
    migrations,
    projections,
    workers: ({ orm }) => [
      createSlaSweeper({
        em: orm.em,
        clock: options.clock ?? systemClock,
        intervalMs: config.SLA_SWEEP_INTERVAL_MS,
        batchSize: config.SLA_SWEEP_BATCH_SIZE,
        onError: (error) => logger.warn({ error: describeError(error) }, 'SLA sweep failed; retrying'),
      }),
      notificationSender({
        ...config.notifications,
        orm,
        channels: notificationChannels(config.notifications),
        clock: options.clock ?? systemClock,
        logger,
      }),
    ],
    logger,
    businessMetrics: registerTaskMetrics,
    bus: options.bus,
    onQuery: options.onQuery,
  });
}
