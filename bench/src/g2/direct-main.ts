import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { IDENTITY_HEADER, signForwardedIdentity, type Identity } from '@salesgraph/auth';

/**
 * G2's lower bound: the pipeline board fetched from the subgraphs directly by hand-written
 * code — the fewest requests a gateway could make (deals; then accounts, contracts and
 * workflows at once; then beneficiaries), each with the caller's identity signed as the
 * gateway signs it, merged into the same response. No parsing, validation or planning.
 * argv: <settings.json> with { port, urls, secret, identity }.
 */
interface Settings {
  readonly port: number;
  readonly urls: Record<'accounts' | 'deals' | 'contracts' | 'beneficiaries' | 'workflows', string>;
  readonly secret: string;
  readonly identity: Identity;
}

const settingsPath = process.argv[2];
if (!settingsPath) throw new Error('usage: direct-main <settings.json>');
const settings = JSON.parse(readFileSync(settingsPath, 'utf8')) as Settings;

type Json = Record<string, any>;

async function call(url: string, query: string, variables: Json = {}): Promise<Json> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [IDENTITY_HEADER]: await signForwardedIdentity(settings.identity, settings.secret, 30),
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as Json;
  if (!response.ok || body['errors']) throw new Error(`${url}: ${response.status} ${JSON.stringify(body['errors'])}`);
  return body['data'] as Json;
}

const entities = (url: string, typename: string, ids: readonly string[], selection: string) =>
  ids.length === 0
    ? Promise.resolve([] as Json[])
    : call(
        url,
        `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on ${typename} { ${selection} } } }`,
        {
          representations: ids.map((id) => ({ __typename: typename, id })),
        },
      ).then((data) => data['_entities'] as Json[]);

async function board(): Promise<Json> {
  const deals = await call(
    settings.urls.deals,
    '{ deals(first: 50) { edges { node { id title stage estimatedValue estimatedLives probability company { id } } } } }',
  );
  const nodes = (deals['deals']['edges'] as { node: Json }[]).map((edge) => edge.node);
  const dealIds = nodes.map((node) => node['id'] as string);
  const companyIds = [...new Set(nodes.map((node) => node['company']['id'] as string))];
  const [companies, contracts, processes] = await Promise.all([
    entities(settings.urls.accounts, 'Company', companyIds, 'legalName segment'),
    entities(settings.urls.contracts, 'Deal', dealIds, 'contract { id status contractedLives }'),
    entities(settings.urls.workflows, 'Deal', dealIds, 'process { id phase }'),
  ]);
  const contractIds = contracts
    .map((entity) => entity['contract']?.['id'] as string | undefined)
    .filter((id): id is string => id !== undefined);
  const lives = await entities(settings.urls.beneficiaries, 'Contract', contractIds, 'activeLives');
  const companyById = new Map(companyIds.map((id, index) => [id, companies[index]]));
  const livesById = new Map(contractIds.map((id, index) => [id, lives[index]?.['activeLives']]));
  return {
    data: {
      deals: {
        edges: nodes.map((node, index) => {
          const contract = contracts[index]?.['contract'] as Json | null;
          const company = companyById.get(node['company']['id'] as string);
          return {
            node: {
              id: node['id'],
              title: node['title'],
              stage: node['stage'],
              estimatedValue: node['estimatedValue'],
              estimatedLives: node['estimatedLives'],
              probability: node['probability'],
              company: { id: node['company']['id'], legalName: company?.['legalName'], segment: company?.['segment'] },
              contract: contract
                ? {
                    id: contract['id'],
                    status: contract['status'],
                    contractedLives: contract['contractedLives'],
                    activeLives: livesById.get(contract['id'] as string),
                  }
                : null,
              process: processes[index]?.['process'] ?? null,
            },
          };
        }),
      },
    },
  };
}

const server = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    board().then(
      (result) => {
        response.setHeader('content-type', 'application/json; charset=utf-8');
        response.end(JSON.stringify(result));
      },
      (error: unknown) => {
        response.statusCode = 502;
        response.end(JSON.stringify({ errors: [{ message: (error as Error).message }] }));
      },
    );
  });
});
server.keepAliveTimeout = 60_000;
server.listen(settings.port, '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
