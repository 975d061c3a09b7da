export { ChannelRefused, type ChannelName, type NotificationChannel, type OutgoingMessage } from './channel.js';
export { EmailChannel, type EmailSettings } from './email.channel.js';
export { SmsChannel, type SmsSettings } from './sms.channel.js';
export { WhatsAppChannel, type WhatsAppSettings } from './whatsapp.channel.js';
export { brazilianDateTime, renderNotification, type NotificationFacts, type NotificationKind } from './templates.js';
