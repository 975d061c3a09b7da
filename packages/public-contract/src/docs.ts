import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isObjectType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import { publicScopes } from '@salesgraph/auth';
import { errorCodes } from '@salesgraph/errors';
import { printApiSchema } from './api-schema.js';
import { publicContractSupergraph } from './contract.js';
import {
  accessRequirements,
  supergraphForApolloGateway,
  type AccessRequirement,
  type AccessRequirements,
} from './security.js';

/** A documented example: a `.graphql` document of the example client, run by the tests. */
export interface DocsExample {
  readonly name: string;
  /** The comment above the operation. */
  readonly description: string;
  readonly document: string;
}

export interface PublicDocsInput {
  readonly schema: GraphQLSchema;
  readonly requirements: AccessRequirements;
  readonly examples: readonly DocsExample[];
  /** Where the API is served, as clients write it (`/public/graphql` on the gateway's host). */
  readonly endpoint: string;
}

const escapeHtml = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** Escaped text with Markdown's `code` spans (descriptions use them). */
const prose = (text: string) => escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');

const anchor = (name: string) => `type-${name}`;

function typeLink(type: { toString(): string }, named: GraphQLNamedType): string {
  const text = escapeHtml(type.toString());
  return isScalarType(named) && ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(named.name)
    ? `<code>${text}</code>`
    : `<a href="#${anchor(named.name)}"><code>${text}</code></a>`;
}

function scopesBadge(requirements: readonly (AccessRequirement | undefined)[]): string {
  const scopes = requirements.flatMap((requirement) => requirement?.scopes ?? []);
  if (scopes.length === 0) return '';
  const text = scopes.map((all) => all.join(' + ')).join(' or ');
  return ` <span class="scopes" title="scopes this needs">${escapeHtml(text)}</span>`;
}

function describeArgs(args: readonly (GraphQLArgument | GraphQLInputField)[]): string {
  if (args.length === 0) return '';
  return `<ul class="args">${args
    .map(
      (arg) =>
        `<li><code>${escapeHtml(arg.name)}</code>: ${typeLink(arg.type, getNamedType(arg.type))}${
          arg.defaultValue !== undefined ? ` = <code>${escapeHtml(JSON.stringify(arg.defaultValue))}</code>` : ''
        }${arg.description ? ` — ${prose(arg.description)}` : ''}</li>`,
    )
    .join('')}</ul>`;
}

function fieldRow(
  parent: string,
  field: GraphQLField<unknown, unknown> | GraphQLInputField,
  requirements: AccessRequirements,
): string {
  const named = getNamedType(field.type);
  const needs =
    'args' in field
      ? scopesBadge([requirements.fields.get(`${parent}.${field.name}`), requirements.types.get(named.name)])
      : '';
  const deprecated = field.deprecationReason
    ? ` <span class="deprecated">deprecated: ${escapeHtml(field.deprecationReason)}</span>`
    : '';
  return `<dt id="${anchor(parent)}-${escapeHtml(field.name)}"><code>${escapeHtml(field.name)}</code>: ${typeLink(
    field.type,
    named,
  )}${needs}${deprecated}</dt><dd>${prose(field.description ?? '')}${describeArgs('args' in field ? field.args : [])}</dd>`;
}

function typeSection(type: GraphQLNamedType, requirements: AccessRequirements): string {
  const kind = isObjectType(type)
    ? 'type'
    : isInputObjectType(type)
      ? 'input'
      : isEnumType(type)
        ? 'enum'
        : isScalarType(type)
          ? 'scalar'
          : 'union';
  const body =
    isObjectType(type) || isInputObjectType(type)
      ? `<dl>${Object.values(type.getFields())
          .map((field) => fieldRow(type.name, field, requirements))
          .join('')}</dl>`
      : isEnumType(type)
        ? `<ul>${type
            .getValues()
            .map(
              (value) =>
                `<li><code>${escapeHtml(value.name)}</code>${value.description ? ` — ${prose(value.description)}` : ''}</li>`,
            )
            .join('')}</ul>`
        : '';
  return `<section class="type" id="${anchor(type.name)}"><h3><span class="kind">${kind}</span> ${escapeHtml(
    type.name,
  )}${scopesBadge([requirements.types.get(type.name)])}</h3><p>${prose(type.description ?? '')}</p>${body}</section>`;
}

const STYLE = `
body { font: 15px/1.5 system-ui, sans-serif; margin: 0; color: #1d2430; background: #fbfbfd; }
header { background: #12355b; color: #fff; padding: 24px 40px; }
header h1 { margin: 0 0 4px; font-size: 26px; }
main { display: grid; grid-template-columns: 260px 1fr; gap: 32px; padding: 24px 40px; }
nav { position: sticky; top: 16px; align-self: start; max-height: 95vh; overflow: auto; font-size: 14px; }
nav a { display: block; color: #12355b; text-decoration: none; padding: 1px 0; }
h2 { border-bottom: 2px solid #dfe3ea; padding-bottom: 4px; margin-top: 40px; }
code, pre { font-family: ui-monospace, monospace; font-size: 13px; }
pre { background: #0f1b2d; color: #e6edf7; padding: 12px 16px; border-radius: 6px; overflow: auto; }
table { border-collapse: collapse; } td, th { border: 1px solid #dfe3ea; padding: 4px 10px; text-align: left; vertical-align: top; }
.type { background: #fff; border: 1px solid #e4e7ee; border-radius: 8px; padding: 8px 20px; margin: 16px 0; }
.kind { color: #7a8699; font-weight: normal; font-size: 14px; }
.scopes { background: #e8f1ff; color: #0b4aa2; border-radius: 10px; padding: 1px 8px; font-size: 12px; white-space: nowrap; }
.deprecated { background: #fff2e0; color: #8a4b00; border-radius: 10px; padding: 1px 8px; font-size: 12px; }
dt { margin-top: 8px; } dd { margin-left: 20px; color: #3b4656; } ul.args { margin: 2px 0; font-size: 14px; }
`;

/**
 * The reference of the public API as one HTML page (no script): the endpoint and how to get
 * a token, the scopes, quotas, error codes and versioning rule, the examples (run by the
 * tests), then every operation and type of the contract with the scopes each field needs.
 * Served at /public/docs and written by `npm run docs`.
 */
export function renderPublicDocs({ schema, requirements, examples, endpoint }: PublicDocsInput): string {
  const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter(
    (type) => type !== null && type !== undefined,
  );
  const types = Object.values(schema.getTypeMap())
    .filter((type) => !type.name.startsWith('__') && !roots.includes(type as never))
    .filter((type) => !(isScalarType(type) && ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name)))
    .sort((a, b) => a.name.localeCompare(b.name));
  const scopesTable = Object.entries(publicScopes)
    .map(([scope, what]) => `<tr><td><code>${scope}</code></td><td>${prose(what)}</td></tr>`)
    .join('');
  const codesTable = Object.entries(errorCodes)
    .map(([code, what]) => `<tr><td><code>${code}</code></td><td>${prose(what)}</td></tr>`)
    .join('');
  const examplesHtml = examples
    .map(
      (example) =>
        `<section id="example-${escapeHtml(example.name)}"><h3>${escapeHtml(example.name)}</h3><p>${escapeHtml(
          example.description,
        )}</p><pre>${escapeHtml(example.document.trim())}</pre></section>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Salesgraph public API</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${STYLE}</style></head>
<body><header><h1>Salesgraph public API</h1><div>GraphQL at <code>${escapeHtml(endpoint)}</code> · OAuth 2.0 client credentials · scopes per field</div></header>
<main><nav>
<a href="#start">Getting started</a><a href="#scopes">Scopes</a><a href="#quotas">Quotas</a><a href="#errors">Errors</a><a href="#versioning">Versioning</a><a href="#examples">Examples</a>
${roots.map((root) => `<a href="#${anchor(root.name)}"><b>${root.name}</b></a>`).join('')}
${types.map((type) => `<a href="#${anchor(type.name)}">${escapeHtml(type.name)}</a>`).join('')}
</nav><div>
<h2 id="start">Getting started</h2>
<p>Ask the identity provider for a token with your client's credentials (OAuth 2.0 client credentials grant) and the scopes you need. The token names your client and the one tenant it is bound to; it carries no user roles. Send it as <code>Authorization: Bearer &lt;token&gt;</code> with every request to <code>${escapeHtml(endpoint)}</code> (POST, JSON body <code>{ query, variables }</code>). Subscriptions use the same URL over graphql-ws (subprotocol <code>graphql-transport-ws</code>, the token in <code>connectionParams.authorization</code>) or SSE (<code>Accept: text/event-stream</code>). The schema can be introspected.</p>
<p>A field your token has no scope for is removed before the request runs: the rest of the data is served, and <code>errors</code> has one <code>FORBIDDEN</code> error per removed path naming the scope it needs (<code>extensions.requiredScopes</code>). When nothing is left, the answer is HTTP 403. An invalid or expired token is 401 <code>UNAUTHENTICATED</code>; a token of a client bound to another tenant is 403.</p>
<h2 id="scopes">Scopes</h2><table><tr><th>scope</th><th>what it opens</th></tr>${scopesTable}</table>
<p>Personal data (beneficiaries, contacts, CPF, birth dates, names, e-mails, phones), tasks, approvals, ANS and LGPD operations are never part of this API.</p>
<h2 id="quotas">Quotas</h2>
<p>Each request has a calculated cost (objects 1, lists multiplied by their <code>first</code>, mutations 10). Per request the cost may not exceed 1,000 points and the depth 10. Quotas per client and tenant (defaults: a client's bucket of 1,000 points restoring 50 points/s and at most 100 requests per minute; a tenant's 20,000 points restoring 1,000/s) are charged the actual cost; a refused request gets HTTP 429 with <code>Retry-After</code> and the code <code>RATE_LIMITED</code>.</p>
<h2 id="errors">Error codes</h2><table><tr><th>extensions.code</th><th>meaning</th></tr>${codesTable}</table>
<p>Expected business outcomes (a stale version, a stage gate not met) are not errors: mutations return them in <code>problem { reason message }</code>.</p>
<h2 id="versioning">Versioning</h2>
<p>The public schema only grows. A field, argument or enum value is removed only after it has been marked <code>@deprecated</code> with a reason for at least one release; no type changes, no new required arguments. A breaking-change check enforces it on every change.</p>
<h2 id="examples">Examples</h2>${examplesHtml}
${roots.map((root) => typeSection(root, requirements)).join('')}
<h2>Types</h2>${types.map((type) => typeSection(type, requirements)).join('')}
</div></main></body></html>
`;
}

/** The operations of a `.graphql` file, each with the `#` comment lines just above it. */
export function examplesFrom(source: string): DocsExample[] {
  const examples: DocsExample[] = [];
  const pattern = /((?:^#.*\n)*)^(query|mutation|subscription) (\w+)[^]*?^}\n?/gm;
  for (const match of source.matchAll(pattern)) {
    const description = match[1]!
      .split('\n')
      .map((line) => line.replace(/^#\s?/, ''))
      .join(' ')
      .trim();
    examples.push({ name: match[3]!, description, document: match[0].slice(match[1]!.length) });
  }
  return examples;
}

/** The examples of every `.graphql` file in `dir` (the example client's operations), by file name; none when it is missing. */
export function readDocsExamples(dir: string): DocsExample[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((file) => file.endsWith('.graphql'));
  } catch {
    return [];
  }
  return files.sort().flatMap((file) => examplesFrom(readFileSync(join(dir, file), 'utf8')));
}

/** The docs of the contract of a composed supergraph (what `npm run docs` writes). */
export function publicDocsFromSupergraph(
  supergraphSdl: string,
  examples: readonly DocsExample[],
  endpoint: string,
): string {
  const contract = supergraphForApolloGateway(publicContractSupergraph(supergraphSdl));
  return renderPublicDocs({
    schema: buildSchema(printApiSchema(contract)),
    requirements: accessRequirements(contract),
    examples,
    endpoint,
  });
}
