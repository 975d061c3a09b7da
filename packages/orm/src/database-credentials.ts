import { statSync } from 'node:fs';
import pg from 'pg';
import { readSecretFile } from '@salesgraph/config';

/** The database settings of a service's config (packages/config databaseEnv). */
export interface DatabaseSettings {
  readonly DATABASE_URL: string;
  readonly DATABASE_USER?: string | undefined;
  readonly DATABASE_PASSWORD?: string | undefined;
  readonly DATABASE_USER_FILE?: string | undefined;
  readonly DATABASE_PASSWORD_FILE?: string | undefined;
}

interface Credentials {
  user?: string;
  password?: string;
}

/**
 * The user and password every new connection uses. With `DATABASE_USER_FILE` /
 * `DATABASE_PASSWORD_FILE` the files are checked at each new connection and read again once they
 * changed (Vault database secrets rotate them): new connections log in with the new values, open
 * ones carry on, nothing restarts. A file missing for a moment (an atomic rename) keeps the last
 * value. The password never leaves the connection (pg keeps it out of its enumerable fields).
 */
export interface DatabaseCredentials {
  /** `pg.Client` that logs in with the current credentials; give it to `pg.Pool` as `Client`. */
  readonly Client: typeof pg.Client;
  current(): Readonly<Credentials>;
}

function fileValue(path: string, fallback: string | undefined): () => string | undefined {
  let seen = '';
  let value = fallback;
  return () => {
    try {
      const stat = statSync(path);
      const version = `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
      if (version !== seen) {
        value = readSecretFile(path);
        seen = version;
      }
    } catch {
      // keep the last value: the next connection looks again
    }
    return value;
  };
}

export function databaseCredentials(settings: DatabaseSettings): DatabaseCredentials {
  const user = settings.DATABASE_USER_FILE
    ? fileValue(settings.DATABASE_USER_FILE, settings.DATABASE_USER)
    : () => settings.DATABASE_USER;
  const password = settings.DATABASE_PASSWORD_FILE
    ? fileValue(settings.DATABASE_PASSWORD_FILE, settings.DATABASE_PASSWORD)
    : () => settings.DATABASE_PASSWORD;
  const current = (): Credentials => {
    const credentials: Credentials = {};
    const currentUser = user();
    const currentPassword = password();
    if (currentUser !== undefined) credentials.user = currentUser;
    if (currentPassword !== undefined) credentials.password = currentPassword;
    return credentials;
  };

  class CredentialedClient extends pg.Client {
    constructor(config?: string | pg.ClientConfig) {
      super(withCredentials(typeof config === 'string' ? { connectionString: config } : { ...config }, current()));
    }
  }
  return { Client: CredentialedClient, current };
}

/** pg lets a connection string win over user/password fields, so the credentials go into it. */
function withCredentials(config: pg.ClientConfig, credentials: Credentials): pg.ClientConfig {
  if (!config.connectionString) return { ...config, ...credentials };
  const url = new URL(config.connectionString);
  if (credentials.user !== undefined) url.username = encodeURIComponent(credentials.user);
  if (credentials.password !== undefined) url.password = encodeURIComponent(credentials.password);
  return { ...config, connectionString: url.toString() };
}
