import { readFileSync } from 'node:fs';

/**
 * Every setting that holds a secret (or a certificate to trust). Each also accepts `<NAME>_FILE`: the path of a file
 * holding the value (the Vault Agent injector / Secrets Store CSI / Docker secrets convention),
 * read at start-up; one trailing newline is dropped. Setting both is an error.
 */
export const secretSettings = [
  'DATABASE_URL',
  'DATABASE_USER',
  'DATABASE_PASSWORD',
  'GATEWAY_IDENTITY_SECRET',
  'SIGNATURE_CALLBACK_SECRET',
  'KAFKA_SASL_USERNAME',
  'KAFKA_SASL_PASSWORD',
  'ADOBE_SIGN_CLIENT_SECRET',
  'ADOBE_SIGN_REFRESH_TOKEN',
  'ANS_SIGNING_KEY',
  'ANS_SIGNING_CERT',
  'ANS_SOAP_CA',
  'NOTIFICATIONS_SMTP_URL',
  'NOTIFICATIONS_SMS_AUTH_TOKEN',
  'NOTIFICATIONS_WHATSAPP_TOKEN',
] as const;

export type SecretSetting = (typeof secretSettings)[number];

type Env = Record<string, string | undefined>;

/** `env` with every `<SECRET>_FILE` read into `<SECRET>`; problems name the variable, never the value. */
export function readSecretFiles(env: Env): { env: Env; problems: string[] } {
  const resolved: Env = { ...env };
  const problems: string[] = [];
  for (const name of secretSettings) {
    const path = env[`${name}_FILE`];
    if (path === undefined || path === '') continue;
    if (env[name] !== undefined && env[name] !== '') {
      problems.push(`${name}: set ${name} or ${name}_FILE, not both`);
      continue;
    }
    try {
      resolved[name] = readSecretFile(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      problems.push(`${name}_FILE: cannot read ${path} (${code})`);
    }
  }
  return { env: resolved, problems };
}

/** A secret file's value: its content less one trailing newline (as `echo` and Vault templates leave). */
export function readSecretFile(path: string): string {
  return readFileSync(path, 'utf8').replace(/\r?\n$/, '');
}
