import { Field, InputType } from 'type-graphql';
import { NotificationChannelName } from './notification.entity.js';

@InputType({ description: 'How you want to be notified (LGPD: your choice, opt-out included).' })
export class NotificationPreferencesInput {
  @Field(() => String, { description: 'How messages address you.' })
  name!: string;

  @Field(() => String, { nullable: true })
  email?: string | null;

  @Field(() => String, { nullable: true, description: 'E.164, e.g. +5511998765432 (SMS and WhatsApp).' })
  phone?: string | null;

  @Field(() => [NotificationChannelName], { description: 'Every channel to notify you on (each needs its address).' })
  channels!: NotificationChannelName[];

  @Field(() => Boolean, { description: 'true: no notification at all, whatever the channels.' })
  optedOut!: boolean;
}
