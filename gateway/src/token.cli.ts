import { z } from 'zod';
import { isPublicScope, loadOrCreateDevIssuer, publicScopes, roles, type Role } from '@salesgraph/auth';
import { commandLine, loadConfig } from '@salesgraph/config';
import { isRole, tenantPattern } from './auth/claims.js';
import { defaultDevIssuerKeyFile } from './config.js';

const usage = `Usage: npm run -s token -- --tenant <tenant> --roles <ROLE,...> [--sub <id>] [--scopes <scope,...>] [--ttl <seconds>]
       npm run -s token -- --client <client_id> --tenant <tenant> --scopes <scope,...> [--ttl <seconds>]

Prints a bearer token signed by the local development issuer, which the gateway accepts
outside production mode: a user's (roles, for /graphql), or with --client a third-party app's
client-credentials token (scopes, no roles, for /public/graphql). The key is DEV_ISSUER_KEY_FILE (default ${defaultDevIssuerKeyFile}),
the same file the gateway reads; it is created when missing.

Roles: ${roles.join(', ')}
Scopes of the public API: ${Object.keys(publicScopes).join(', ')}
Example: curl -H "authorization: Bearer $(npm run -s token -- --tenant acme --roles SALES_MANAGER)" ...`;

const tokenCliEnv = z.object({ DEV_ISSUER_KEY_FILE: z.string().min(1).default(defaultDevIssuerKeyFile) });

const cli = commandLine('token', usage, {
  tenant: { type: 'string' },
  roles: { type: 'string' },
  client: { type: 'string' },
  sub: { type: 'string' },
  scopes: { type: 'string' },
  ttl: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
});

/** Explicitly typed, so TypeScript narrows after a call (it never returns). */
const fail: (message: string) => never = cli.fail;

function parse(argv: string[]) {
  const values = cli.parse(argv);
  if (!values.tenant) fail('--tenant is required');
  if (!tenantPattern.test(values.tenant)) fail(`--tenant "${values.tenant}" must match ${tenantPattern}`);
  const ttlSeconds = values.ttl === undefined ? 8 * 3600 : Number(values.ttl);
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > 7 * 24 * 3600)
    fail('--ttl must be whole seconds between 1 and 604800');
  const scopes =
    values.scopes
      ?.split(',')
      .map((scope) => scope.trim())
      .filter(Boolean) ?? [];
  if (values.client !== undefined) {
    const clientId = values.client.trim();
    if (!clientId) fail('--client must not be empty');
    if (values.roles !== undefined || values.sub !== undefined)
      fail('a client token has no --roles and no --sub (its subject is the client)');
    const unknownScopes = scopes.filter((scope) => !isPublicScope(scope));
    if (unknownScopes.length > 0)
      fail(`unknown scope${unknownScopes.length > 1 ? 's' : ''}: ${unknownScopes.join(', ')}`);
    if (scopes.length === 0) fail('--scopes names no scope');
    return { tenant: values.tenant, clientId, scopes, ttlSeconds };
  }
  if (!values.roles) fail('--roles is required (comma-separated), or --client for a third-party app');
  const requested = values.roles
    .split(',')
    .map((role) => role.trim())
    .filter(Boolean);
  const unknown = requested.filter((role) => !isRole(role));
  if (unknown.length > 0) fail(`unknown role${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`);
  if (requested.length === 0) fail('--roles names no role');
  if (values.sub !== undefined && !values.sub.trim()) fail('--sub must not be empty');
  return { tenant: values.tenant, roles: requested as Role[], sub: values.sub?.trim(), scopes, ttlSeconds };
}

const claims = parse(process.argv.slice(2));
const { DEV_ISSUER_KEY_FILE } = loadConfig(tokenCliEnv);
const issuer = await loadOrCreateDevIssuer(DEV_ISSUER_KEY_FILE);
process.stdout.write(`${await issuer.issue(claims)}\n`);
