import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kind, parse, validate, type GraphQLSchema } from 'graphql';
import { loadOrCreateDevIssuer } from '@salesgraph/auth';
import { parseConfig } from '@salesgraph/config';
import { createLogger } from '@salesgraph/logging';
import { TEST_IDENTITY_SECRET } from '@salesgraph/testkit';
import { createGatewayApp, type GatewayApp } from '../app.js';
import { defaultPersistedOperationsPath, gatewayEnv } from '../config.js';
import { repoRoot, routeSubgraphs } from '../testing/gateway-process.js';
import { startRecordingSubgraph, type RecordingSubgraph } from '../testing/recording-subgraph.js';
import { loadPersistedOperations, sha256Hex } from './manifest.js';

/** The manifest `npm run codegen` writes: `{ "sha256:<hex>": "<document>" }`, by bare hex id here. */
const manifest = Object.fromEntries(
  Object.entries(JSON.parse(readFileSync(defaultPersistedOperationsPath, 'utf8')) as Record<string, string>).map(
    ([key, document]) => [key.replace(/^sha256:/, ''), document],
  ),
);
const idOf = (operationName: string) =>
  Object.entries(manifest).find(([, document]) => document.includes(` ${operationName}(`))![0];
/** The id codegen embedded in a generated typed mobile operation (`<Name>Document.__meta__.hash`). */
function generatedHashOf(operationName: string): string {
  const generated = readFileSync(join(repoRoot, 'gateway/persisted-operations/generated/graphql.ts'), 'utf8');
  const hash = new RegExp(
    `export const ${operationName}Document = \\{"__meta__":\\{"hash":"(sha256:[0-9a-f]{64})"\\}`,
  ).exec(generated)?.[1];
  assert.ok(hash, `${operationName}Document is not generated with its hash`);
  return hash;
}
const companyId = '0b6b4a3e-8f0d-4a43-9b1a-2c4e5f6a7b8c';

/** The committed manifest served by the gateway in process, over a recording subgraph. */
describe('persisted operations', () => {
  let dir: string;
  let subgraph: RecordingSubgraph;
  let open: GatewayApp;
  let persistedOnly: GatewayApp;
  let schema: GraphQLSchema | undefined;
  let authorization: string;

  async function post(app: GatewayApp, body: unknown) {
    const response = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify(body),
    });
    return {
      status: response.status,
      body: (await response.json()) as {
        data?: unknown;
        errors?: { message: string; extensions?: { code?: string } }[];
      },
    };
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gateway-persisted-'));
    subgraph = await startRecordingSubgraph();
    const issuer = await loadOrCreateDevIssuer(join(dir, 'key.json'));
    authorization = `Bearer ${await issuer.issue({ tenant: 'acme', roles: ['SALES_REP'] })}`;
    const env = {
      NODE_ENV: 'test',
      PORT: '0',
      GATEWAY_IDENTITY_SECRET: TEST_IDENTITY_SECRET,
      DEV_ISSUER_KEY_FILE: join(dir, 'key.json'),
      SUPERGRAPH_POLL_MS: '0',
      SUBGRAPH_URLS: routeSubgraphs(subgraph.url),
    };
    open = createGatewayApp({ config: parseConfig(gatewayEnv, env), logger: createLogger('persisted', 'silent') });
    persistedOnly = createGatewayApp({
      config: parseConfig(gatewayEnv, { ...env, PERSISTED_OPERATIONS_ONLY: 'true' }),
      logger: createLogger('persisted', 'silent'),
    });
    open.onSchemaChange(({ apiSchema }) => (schema = apiSchema));
    await open.start();
    await persistedOnly.start();
  });

  beforeEach(() => {
    subgraph.received.length = 0;
    subgraph.answerWith(() => ({
      body: {
        data: {
          company: {
            id: companyId,
            legalName: 'Padaria Pão Quente Ltda',
            tradeName: null,
            segment: 'SMB',
            version: 1,
            employeeCount: 12,
            contacts: [],
          },
        },
      },
    }));
  });

  after(async () => {
    await open?.stop();
    await persistedOnly?.stop();
    await subgraph?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('commits a manifest that covers every mobile operation, each id the sha256 of a document valid against the supergraph', async () => {
    const folder = join(repoRoot, 'gateway/persisted-operations/mobile');
    const names = readdirSync(folder)
      .filter((file) => file.endsWith('.graphql'))
      .flatMap((file) => parse(readFileSync(join(folder, file), 'utf8')).definitions)
      .flatMap((definition) =>
        definition.kind === Kind.OPERATION_DEFINITION && definition.name ? [definition.name.value] : [],
      );
    assert.ok(names.length >= 4);
    const operations = await loadPersistedOperations(defaultPersistedOperationsPath);
    assert.equal(operations.size, names.length);
    for (const [id, document] of Object.entries(manifest)) {
      assert.equal(sha256Hex(document), id);
      assert.deepEqual(validate(schema!, parse(document)), [], `${id} does not validate against the supergraph`);
    }
    for (const name of names) assert.ok(idOf(name), `${name} is not in the manifest`);
  });

  it('runs a generated mobile operation by the id codegen gave it (documentId)', async () => {
    const dealId = '5d7e6a2b-1c4f-4e8a-9b3d-2f6a8c0e1b4d';
    subgraph.answerWith(() => ({
      body: {
        data: {
          deal: {
            id: dealId,
            title: 'Plano empresarial',
            stage: 'LEAD',
            estimatedValue: '120000.00',
            estimatedLives: 40,
            expectedCloseDate: null,
            version: 1,
            company: { id: companyId },
          },
        },
      },
    }));
    const response = await post(persistedOnly, {
      documentId: generatedHashOf('MobileDeal'),
      variables: { id: dealId },
    });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.deepEqual(
      (response.body.data as { deal: { title: string; stage: string } }).deal.title,
      'Plano empresarial',
    );
    assert.match(subgraph.received[0]!.body.query, /estimatedLives/);
  });

  it('runs an operation sent by extensions.persistedQuery.sha256Hash', async () => {
    const response = await post(open, {
      extensions: { persistedQuery: { version: 1, sha256Hash: idOf('MobileCompany') } },
      variables: { id: companyId },
    });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.equal(
      (response.body.data as { company: { legalName: string } }).company.legalName,
      'Padaria Pão Quente Ltda',
    );
    assert.equal(subgraph.received.length, 1);
    assert.match(subgraph.received[0]!.body.query, /employeeCount/);
  });

  it('runs an operation sent by documentId, in a POST body and in a GET query string', async () => {
    const posted = await post(open, { documentId: `sha256:${idOf('MobileCompany')}`, variables: { id: companyId } });
    assert.equal(posted.status, 200, JSON.stringify(posted.body));
    const search = new URLSearchParams({
      documentId: `sha256:${idOf('MobileCompany')}`,
      variables: JSON.stringify({ id: companyId }),
    });
    const got = await fetch(`${open.url}?${search}`, {
      headers: { authorization, 'apollo-require-preflight': 'true' },
    });
    assert.equal(got.status, 200, await got.clone().text());
    assert.equal(((await got.json()) as { data: { company: { id: string } } }).data.company.id, companyId);
    assert.equal(subgraph.received.length, 2);
  });

  it('answers PERSISTED_QUERY_NOT_FOUND for an unknown id and never registers a document sent with its hash', async () => {
    const document = 'query Probe($id: ID!) { company(id: $id) { id } }';
    const unknown = await post(open, {
      extensions: { persistedQuery: { version: 1, sha256Hash: sha256Hex(document) } },
      variables: { id: companyId },
    });
    assert.equal(unknown.body.errors?.[0]?.extensions?.code, 'PERSISTED_QUERY_NOT_FOUND');
    const withDocument = await post(open, {
      query: document,
      extensions: { persistedQuery: { version: 1, sha256Hash: sha256Hex(document) } },
      variables: { id: companyId },
    });
    assert.equal(withDocument.status, 200, 'outside persisted-only mode a document may still be sent as text');
    const again = await post(open, {
      extensions: { persistedQuery: { version: 1, sha256Hash: sha256Hex(document) } },
      variables: { id: companyId },
    });
    assert.equal(again.body.errors?.[0]?.extensions?.code, 'PERSISTED_QUERY_NOT_FOUND');
    assert.equal(subgraph.received.length, 1);
  });

  it('in persisted-only mode accepts manifest operations (by id or identical text) and refuses any other document', async () => {
    const byId = await post(persistedOnly, {
      documentId: `sha256:${idOf('MobileCompany')}`,
      variables: { id: companyId },
    });
    assert.equal(byId.status, 200, JSON.stringify(byId.body));
    const sameText = await post(persistedOnly, {
      query: manifest[idOf('MobileCompany')],
      variables: { id: companyId },
    });
    assert.equal(sameText.status, 200, JSON.stringify(sameText.body));
    const freeform = await post(persistedOnly, {
      query: 'query($id: ID!) { company(id: $id) { id cnpj } }',
      variables: { id: companyId },
    });
    assert.equal(freeform.status, 400);
    assert.equal(freeform.body.errors?.[0]?.extensions?.code, 'PERSISTED_QUERY_NOT_FOUND');
    const registration = await post(persistedOnly, {
      query: 'query($id: ID!) { company(id: $id) { id cnpj } }',
      extensions: {
        persistedQuery: { version: 1, sha256Hash: sha256Hex('query($id: ID!) { company(id: $id) { id cnpj } }') },
      },
      variables: { id: companyId },
    });
    assert.equal(registration.body.errors?.[0]?.extensions?.code, 'PERSISTED_QUERY_NOT_FOUND');
    assert.equal(subgraph.received.length, 2);
  });
});
