import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { commaList, commonEnv, flagSetting, gatewayTrustEnv, jsonSetting, loadConfig } from '@salesgraph/config';
import { DEV_ISSUER } from '@salesgraph/auth';
import { telemetryEnv } from '@salesgraph/telemetry';
import { tenantPattern } from './auth/claims.js';
import { subscriptionEnv } from './subscriptions/subscription-config.js';
import { quotaEnv } from './quota/quota-config.js';
import { corsEnv } from './cors.js';

/** Repository root, as seen from gateway/dist/config.js. */
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export const defaultSupergraphPath = `${repoRoot}supergraph.graphql`;
export const defaultDevIssuerKeyFile = `${repoRoot}.data/dev-issuer/key.json`;
export const defaultDocsExamplesPath = `${repoRoot}examples/third-party-client/operations`;
export const defaultPersistedOperationsPath = `${repoRoot}gateway/persisted-operations/generated/persisted-documents.json`;

/** Asymmetric algorithms a token may be signed with. HS* and `none` are never accepted. */
export const signatureAlgorithms = ['RS256', 'ES256', 'PS256', 'EdDSA'] as const;

const oidcIssuerSchema = z
  .object({
    issuer: z.string().url(),
    audience: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
    jwksUri: z.string().url().optional(),
    algorithms: z.array(z.enum(signatureAlgorithms)).min(1).optional(),
    /** Required `typ` header of access tokens (RFC 9068 JWT access tokens carry `at+jwt`). */
    typ: z.string().min(1).optional(),
  })
  .strict();

export type OidcIssuerConfig = z.output<typeof oidcIssuerSchema>;

const oidcIssuersEnv = jsonSetting('[]', 'a JSON array of {issuer, audience, jwksUri?, algorithms?}').pipe(
  z.array(oidcIssuerSchema),
);

/**
 * Third-party apps allowed on /public/graphql, each bound to one tenant: `{"<client_id>":
 * {"tenant": "<tenant>"}}`. A client token of an app not listed, or for another tenant, is
 * refused. Empty: outside production any client the issuer vouches for is accepted (with the
 * token's tenant); in production none.
 */
const publicApiClientsEnv = jsonSetting('{}', 'a JSON object of {"<client_id>": {"tenant": "<tenant>"}}').pipe(
  z.record(z.string().min(1).max(255), z.object({ tenant: z.string().regex(tenantPattern) }).strict()),
);

/** `name=url,name=url` -> { name: url }; overrides the routing URLs composed into the supergraph. */
const subgraphUrlsEnv = z
  .string()
  .default('')
  .transform((raw, ctx) => {
    const urls: Record<string, string> = {};
    for (const pair of commaList(raw)) {
      const separator = pair.indexOf('=');
      const name = pair.slice(0, separator).trim();
      const url = pair.slice(separator + 1).trim();
      if (separator < 1 || !URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
        ctx.addIssue({ code: 'custom', message: `"${pair}" is not name=http(s)://host:port/path` });
        continue;
      }
      if (name in urls) ctx.addIssue({ code: 'custom', message: `subgraph "${name}" is listed twice` });
      urls[name] = url;
    }
    return urls;
  });

const limitEnv = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** Limits on every GraphQL request, before validation and planning (README: Limits). */
const requestLimitsEnv = {
  GRAPHQL_MAX_DEPTH: limitEnv(12),
  GRAPHQL_MAX_ALIASES: limitEnv(30),
  GRAPHQL_MAX_DIRECTIVES: limitEnv(20),
  GRAPHQL_MAX_TOKENS: limitEnv(1000),
  GRAPHQL_MAX_COST: limitEnv(5000),
  GRAPHQL_DEFAULT_LIST_SIZE: limitEnv(10),
  GRAPHQL_MAX_BODY_BYTES: limitEnv(1024 * 1024),
  GRAPHQL_MAX_VARIABLES_BYTES: limitEnv(512 * 1024),
  /** /public/graphql's own limits (the other limits are shared with /graphql). */
  PUBLIC_GRAPHQL_MAX_DEPTH: limitEnv(10),
  PUBLIC_GRAPHQL_MAX_COST: limitEnv(1000),
  /** The example client's operations shown (and tested) as examples on /public/docs. */
  PUBLIC_DOCS_EXAMPLES_PATH: z.string().default(defaultDocsExamplesPath),
  /** The persisted-operations manifest (id -> document); empty: none. */
  PERSISTED_OPERATIONS_PATH: z.string().default(defaultPersistedOperationsPath),
  PERSISTED_OPERATIONS_ONLY: flagSetting.default(false),
  /** How long the gateway waits for a subgraph's response headers (and between body chunks). */
  GATEWAY_SUBGRAPH_TIMEOUT_MS: limitEnv(30_000),
  /** How often SUPERGRAPH_PATH is checked for a new composition; 0: loaded once. */
  SUPERGRAPH_POLL_MS: z.coerce.number().int().min(0).default(2000),
};

/** In-flight deduplication of reads and reuse of signed identities (README: Shared reads). */
const readSharingEnv = {
  GATEWAY_SHARE_OPERATIONS: flagSetting.default(true),
  GATEWAY_SHARE_SUBGRAPH_REQUESTS: flagSetting.default(true),
  /** How long a signed identity is reused for the same principal (default a third of its lifetime, at most half; 0: signed per subgraph request). */
  GATEWAY_IDENTITY_REUSE_SECONDS: z.coerce.number().int().min(0).optional(),
};

/** Which executor runs the query plans Apollo's planner makes (README: Executor). */
export const executors = ['salesgraph', 'apollo'] as const;

const executorEnv = {
  GATEWAY_EXECUTOR: z.enum(executors).default('salesgraph'),
  /**
   * Test only (the federation conformance suite): no token is asked for, every request runs
   * as one fixed identity with no roles. Off by default, refused in production mode.
   */
  GATEWAY_TEST_ONLY_NO_AUTHENTICATION: flagSetting.default(false),
};

export const gatewayEnv = z
  .object({
    ...commonEnv,
    PORT: commonEnv.PORT.default(4000),
    ...gatewayTrustEnv,
    SUPERGRAPH_PATH: z.string().min(1).default(defaultSupergraphPath),
    SUBGRAPH_URLS: subgraphUrlsEnv,
    OIDC_ISSUERS: oidcIssuersEnv,
    PUBLIC_API_CLIENTS: publicApiClientsEnv,
    /** Defaults to on outside production mode; refused in production mode. */
    DEV_ISSUER_ENABLED: flagSetting.optional(),
    DEV_ISSUER_KEY_FILE: z.string().min(1).default(defaultDevIssuerKeyFile),
    ...requestLimitsEnv,
    ...readSharingEnv,
    ...executorEnv,
    ...subscriptionEnv,
    ...quotaEnv,
    ...corsEnv,
    ...telemetryEnv,
  })
  .transform((env) => ({
    ...env,
    DEV_ISSUER_ENABLED: env.DEV_ISSUER_ENABLED ?? env.NODE_ENV !== 'production',
    QUOTAS_ENABLED: env.QUOTAS_ENABLED ?? env.NODE_ENV === 'production',
    GATEWAY_IDENTITY_REUSE_SECONDS:
      env.GATEWAY_IDENTITY_REUSE_SECONDS ?? Math.floor(env.GATEWAY_IDENTITY_TTL_SECONDS / 3),
  }))
  .superRefine((env, ctx) => {
    const production = env.NODE_ENV === 'production';
    if (production && env.DEV_ISSUER_ENABLED) {
      ctx.addIssue({
        code: 'custom',
        path: ['DEV_ISSUER_ENABLED'],
        message: 'the local development issuer is refused in production mode',
      });
    }
    if (production && env.GATEWAY_TEST_ONLY_NO_AUTHENTICATION) {
      ctx.addIssue({
        code: 'custom',
        path: ['GATEWAY_TEST_ONLY_NO_AUTHENTICATION'],
        message: 'authentication cannot be turned off in production mode',
      });
    }
    env.OIDC_ISSUERS.forEach((issuer, index) => {
      if (issuer.issuer === DEV_ISSUER) {
        ctx.addIssue({
          code: 'custom',
          path: ['OIDC_ISSUERS', index, 'issuer'],
          message: `${DEV_ISSUER} is the development issuer; use DEV_ISSUER_ENABLED`,
        });
      }
      if (
        production &&
        [issuer.issuer, issuer.jwksUri].some((url) => url !== undefined && !url.startsWith('https://'))
      ) {
        ctx.addIssue({
          code: 'custom',
          path: ['OIDC_ISSUERS', index],
          message: 'issuer and jwksUri must be https:// in production mode',
        });
      }
    });
    const issuers = env.OIDC_ISSUERS.map((issuer) => issuer.issuer);
    if (new Set(issuers).size !== issuers.length) {
      ctx.addIssue({ code: 'custom', path: ['OIDC_ISSUERS'], message: 'an issuer is listed twice' });
    }
    if (env.GRAPHQL_MAX_VARIABLES_BYTES > env.GRAPHQL_MAX_BODY_BYTES) {
      ctx.addIssue({
        code: 'custom',
        path: ['GRAPHQL_MAX_VARIABLES_BYTES'],
        message: 'cannot exceed GRAPHQL_MAX_BODY_BYTES',
      });
    }
    if (env.GATEWAY_IDENTITY_REUSE_SECONDS * 2 > env.GATEWAY_IDENTITY_TTL_SECONDS) {
      ctx.addIssue({
        code: 'custom',
        path: ['GATEWAY_IDENTITY_REUSE_SECONDS'],
        message: 'cannot exceed half of GATEWAY_IDENTITY_TTL_SECONDS',
      });
    }
    if (env.PERSISTED_OPERATIONS_ONLY && env.PERSISTED_OPERATIONS_PATH === '') {
      ctx.addIssue({
        code: 'custom',
        path: ['PERSISTED_OPERATIONS_ONLY'],
        message: 'needs a PERSISTED_OPERATIONS_PATH',
      });
    }
    if (issuers.length === 0 && !env.DEV_ISSUER_ENABLED) {
      ctx.addIssue({
        code: 'custom',
        path: ['OIDC_ISSUERS'],
        message: 'no trusted issuer: the graph has no anonymous access, configure at least one',
      });
    }
  });

export type GatewayConfig = z.output<typeof gatewayEnv>;

export const loadGatewayConfig = (): Readonly<GatewayConfig> => loadConfig(gatewayEnv);
