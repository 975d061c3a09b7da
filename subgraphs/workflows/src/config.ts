import { z } from 'zod';
import { loadConfig, retryPolicyOf, retrySettings } from '@salesgraph/config';
import { subgraphEnv } from '@salesgraph/subgraph';

const notificationRetry = retrySettings({ attempts: 3, baseDelayMs: 500, maxDelayMs: 10_000 });

/** Notification channels (README: Notifications); a channel runs when its settings are given. */
const notificationsEnv = {
  NOTIFICATIONS_SMTP_URL: z.string().startsWith('smtp').optional(),
  NOTIFICATIONS_EMAIL_FROM: z.string().min(3).default('Salesgraph <nao-responda@salesgraph.com.br>'),
  NOTIFICATIONS_SMS_API_URL: z.url().default('https://api.twilio.com'),
  NOTIFICATIONS_SMS_ACCOUNT_SID: z.string().min(1).optional(),
  NOTIFICATIONS_SMS_AUTH_TOKEN: z.string().min(1).optional(),
  NOTIFICATIONS_SMS_FROM: z.string().min(1).optional(),
  NOTIFICATIONS_WHATSAPP_API_URL: z.url().default('https://graph.facebook.com/v21.0'),
  NOTIFICATIONS_WHATSAPP_PHONE_NUMBER_ID: z.string().min(1).optional(),
  NOTIFICATIONS_WHATSAPP_TOKEN: z.string().min(1).optional(),
  NOTIFICATIONS_RETRY_ATTEMPTS: notificationRetry.ATTEMPTS,
  NOTIFICATIONS_RETRY_BASE_MS: notificationRetry.BASE_MS,
  NOTIFICATIONS_RETRY_MAX_MS: notificationRetry.MAX_MS,
  NOTIFICATIONS_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(5),
  NOTIFICATIONS_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
  NOTIFICATIONS_INTERVAL_MS: z.coerce.number().int().min(50).default(5_000),
  NOTIFICATIONS_ANS_NOTICE_HOURS: z.coerce.number().positive().default(24),
};

const workflowsFields = z.object({
  ...subgraphEnv(4005),
  SLA_SWEEP_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(100)
    .default(5_000)
    .describe('How often the SLA sweeper looks for open tasks past their due time.'),
  SLA_SWEEP_BATCH_SIZE: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(200)
    .describe('Most tasks one sweep transaction marks as breached.'),
  ...notificationsEnv,
});

export const workflowsEnv = workflowsFields.transform((env) => {
  const smtpUrl = env.NOTIFICATIONS_SMTP_URL;
  const smsToken = env.NOTIFICATIONS_SMS_AUTH_TOKEN;
  const whatsAppToken = env.NOTIFICATIONS_WHATSAPP_TOKEN;
  const timeoutMs = env.NOTIFICATIONS_TIMEOUT_MS;
  return {
    ...env,
    notifications: {
      email: smtpUrl ? { smtpUrl, from: env.NOTIFICATIONS_EMAIL_FROM, timeoutMs } : null,
      sms:
        env.NOTIFICATIONS_SMS_ACCOUNT_SID && smsToken && env.NOTIFICATIONS_SMS_FROM
          ? {
              apiUrl: env.NOTIFICATIONS_SMS_API_URL.replace(/\/+$/, ''),
              accountSid: env.NOTIFICATIONS_SMS_ACCOUNT_SID,
              authToken: smsToken,
              from: env.NOTIFICATIONS_SMS_FROM,
              timeoutMs,
            }
          : null,
      whatsapp:
        env.NOTIFICATIONS_WHATSAPP_PHONE_NUMBER_ID && whatsAppToken
          ? {
              apiUrl: env.NOTIFICATIONS_WHATSAPP_API_URL.replace(/\/+$/, ''),
              phoneNumberId: env.NOTIFICATIONS_WHATSAPP_PHONE_NUMBER_ID,
              accessToken: whatsAppToken,
              timeoutMs,
            }
          : null,
      retry: retryPolicyOf(env, 'NOTIFICATIONS_RETRY_'),
      maxAttempts: env.NOTIFICATIONS_MAX_ATTEMPTS,
      intervalMs: env.NOTIFICATIONS_INTERVAL_MS,
      ansNoticeMs: env.NOTIFICATIONS_ANS_NOTICE_HOURS * 3_600_000,
    },
  };
});

export type WorkflowsConfig = z.output<typeof workflowsEnv>;

export const loadWorkflowsConfig = (): Readonly<WorkflowsConfig> => loadConfig(workflowsEnv);
