import { readFileSync } from 'node:fs';
import type { KafkaConfig } from 'kafkajs';

/** How a client authenticates to the brokers and encrypts the connection. */
export interface KafkaSecurity {
  readonly sasl?: {
    readonly mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512';
    readonly username: string;
    readonly password: string;
  };
  /** TLS: on with the system CAs (`true`), or with PEM files (a private CA, a client certificate). */
  readonly tls?: true | { readonly caFile?: string; readonly certFile?: string; readonly keyFile?: string };
}

/** The kafkajs `ssl` and `sasl` settings of a KafkaSecurity (PEM files read here, once). */
export function kafkajsSecurity(security: KafkaSecurity | undefined): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  const settings: Pick<KafkaConfig, 'ssl' | 'sasl'> = {};
  const tls = security?.tls;
  if (tls === true) settings.ssl = true;
  else if (tls) {
    settings.ssl = {
      ...(tls.caFile ? { ca: [readFileSync(tls.caFile, 'utf8')] } : {}),
      ...(tls.certFile ? { cert: readFileSync(tls.certFile, 'utf8') } : {}),
      ...(tls.keyFile ? { key: readFileSync(tls.keyFile, 'utf8') } : {}),
    };
  }
  const sasl = security?.sasl;
  if (sasl) {
    const { username, password } = sasl;
    settings.sasl =
      sasl.mechanism === 'plain'
        ? { mechanism: 'plain', username, password }
        : sasl.mechanism === 'scram-sha-256'
          ? { mechanism: 'scram-sha-256', username, password }
          : { mechanism: 'scram-sha-512', username, password };
  }
  return settings;
}
