import { Field, InputType } from 'type-graphql';

@InputType({
  description: "A signature provider callback, forwarded verbatim: the raw body and the provider's signature over it.",
})
export class SignatureCallbackInput {
  @Field(() => String, { description: 'The provider that sent it, e.g. "local".' })
  provider!: string;

  @Field(() => String, { description: 'The callback body exactly as received (the signature covers these bytes).' })
  payload!: string;

  @Field(() => String, { description: "The provider's signature of the body (local provider: hex HMAC-SHA256)." })
  signature!: string;
}
