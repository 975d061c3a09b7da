import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { roles } from '@salesgraph/auth';
import { parseConfig, secretSettings } from '@salesgraph/config';
import { configSchemas, unknownVariables } from './config-schemas.js';
import { repoRoot, subgraphNames } from './services.js';

interface ComposeService {
  image?: string;
  command?: string[];
  environment?: Record<string, string | number>;
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  secrets?: (string | { source: string })[];
  restart?: string;
  volumes?: (string | { source: string; target: string; type: string })[];
}
interface Compose {
  services: Record<string, ComposeService>;
  secrets: Record<string, { file: string }>;
}

const composeFile = join(repoRoot, 'docker/docker-compose.yml');
const appImage = 'salesgraph:local';

/**
 * docker/docker-compose.yml as Debian's docker-compose reads it (`docker-compose config`: no
 * Docker engine needed), and every process it starts given an environment its own
 * configuration schema accepts, so no service exits at start for a missing or misspelled setting.
 */
describe('docker/docker-compose.yml', () => {
  let compose: Compose;
  const apps = () => Object.entries(compose.services).filter(([, service]) => service.image === appImage);

  before(() => {
    const result = spawnSync('docker-compose', ['-f', composeFile, 'config'], { encoding: 'utf8' });
    assert.equal(result.error, undefined, 'docker-compose is installed (apt package docker-compose; scripts/test.sh)');
    assert.equal(result.status, 0, result.stderr);
    compose = parse(result.stdout) as Compose;
  });

  it('says how to start it', () => {
    assert.match(readFileSync(composeFile, 'utf8'), /docker compose -f docker\/docker-compose\.yml up/);
  });

  it('brings up Kafka, PostgreSQL, Redis, every subgraph and relay, the gateway, an OIDC provider, Prometheus, an OTel collector and demo data', () => {
    const expected = [
      'kafka',
      'kafka-topics',
      'postgres',
      'redis',
      'keycloak',
      'prometheus',
      'otel-collector',
      'gateway',
      'seed',
      ...subgraphNames,
      ...subgraphNames.map((name) => `${name}-relay`),
    ];
    for (const name of expected) assert.ok(compose.services[name], `service ${name}`);
    assert.match(JSON.stringify(compose.services['kafka']?.environment), /broker,controller/, 'KRaft, no ZooKeeper');
  });

  it('gives every long-running service a health check, and starts each one after what it needs is healthy', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      const oneShot = service.restart === 'no';
      if (!oneShot && name !== 'otel-collector')
        assert.ok(service.healthcheck?.test.length, `${name} has a health check`);
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        const target = compose.services[dependency];
        assert.ok(target, `${name} depends on ${dependency}, which exists`);
        const expected = target.restart === 'no' ? 'service_completed_successfully' : 'service_healthy';
        assert.equal(condition, expected, `${name} waits for ${dependency}`);
      }
    }
    const gatewayNeeds = Object.keys(compose.services['gateway']?.depends_on ?? {});
    for (const name of [...subgraphNames, 'keycloak'])
      assert.ok(gatewayNeeds.includes(name), `gateway waits for ${name}`);
  });

  it('starts every process of the image with an environment its configuration schema accepts, with no unknown setting', () => {
    const hostPathOfSecret = (service: ComposeService, path: string) => {
      const name = path.replace('/run/secrets/', '');
      const granted = (service.secrets ?? []).map((secret) => (typeof secret === 'string' ? secret : secret.source));
      assert.ok(granted.includes(name), `secret ${name} is granted to the service`);
      const file = compose.secrets[name]?.file;
      assert.ok(file && existsSync(file), `secret ${name} has a file`);
      return file;
    };
    assert.ok(apps().length >= 13);
    for (const [name, service] of apps()) {
      const entry = service.command?.[1] ?? 'gateway/dist/main.js';
      const schema = configSchemas[entry];
      assert.ok(schema, `${name}: ${entry} is a known entry point`);
      const env = Object.fromEntries(
        Object.entries(service.environment ?? {}).map(([key, value]) => [key, String(value)]),
      );
      assert.deepEqual(unknownVariables(schema, env), [], `${name}: unknown settings`);
      for (const secret of secretSettings)
        assert.ok(!(secret in env) || secret === 'DATABASE_URL', `${name}: ${secret} is given as a file, not a value`);
      const resolved = Object.fromEntries(
        Object.entries(env).map(([key, value]) => [
          key,
          key.endsWith('_FILE') && value.startsWith('/run/secrets/') ? hostPathOfSecret(service, value) : value,
        ]),
      );
      assert.doesNotThrow(() => parseConfig(schema, resolved), `${name} accepts its environment`);
      if (env['DATABASE_URL']) assert.doesNotMatch(env['DATABASE_URL'], /:[^/@]+@/, `${name}: no password in the URL`);
    }
  });

  it('runs every process in production mode except the seeding gateway, and trusts Keycloak over https', () => {
    for (const [name, service] of apps()) {
      const mode = service.environment?.['NODE_ENV'];
      if (name === 'seed-gateway') assert.equal(mode, 'development');
      else if (mode !== undefined) assert.equal(mode, 'production', name);
    }
    const gateway = compose.services['gateway']!;
    const issuers = JSON.parse(String(gateway.environment?.['OIDC_ISSUERS'])) as { issuer: string; audience: string }[];
    assert.deepEqual(issuers, [{ issuer: 'https://keycloak:8443/realms/salesgraph', audience: 'salesgraph' }]);
    assert.ok((compose.services['keycloak']?.command ?? []).includes('--hostname=https://keycloak:8443'));
    assert.ok(
      !(compose.services['seed-gateway'] as ComposeService & { ports?: unknown[] }).ports?.length,
      'not published',
    );
  });

  it('imports a Keycloak realm whose users carry a tenant and roles the gateway knows, for the salesgraph audience', () => {
    const realm = JSON.parse(readFileSync(join(repoRoot, 'docker/keycloak/salesgraph-realm.json'), 'utf8')) as {
      realm: string;
      users: { username: string; attributes: { tenant: string[] }; realmRoles: string[] }[];
      clients: { protocolMappers: { protocolMapper: string; config: Record<string, string> }[] }[];
    };
    assert.equal(realm.realm, 'salesgraph');
    assert.ok(realm.users.length > 0);
    for (const user of realm.users) {
      assert.deepEqual(user.attributes.tenant, ['demo'], user.username);
      assert.ok(
        user.realmRoles.every((role) => (roles as readonly string[]).includes(role)),
        user.username,
      );
    }
    const mappers = realm.clients.flatMap((client) => client.protocolMappers);
    assert.ok(
      mappers.some(
        (m) => m.protocolMapper === 'oidc-audience-mapper' && m.config['included.custom.audience'] === 'salesgraph',
      ),
    );
    assert.ok(mappers.some((m) => m.config['claim.name'] === 'tenant'));
    assert.ok(mappers.some((m) => m.config['claim.name'] === 'roles' && m.config['multivalued'] === 'true'));
  });

  it('mounts only files that exist, and Prometheus scrapes every process of the image', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      for (const volume of service.volumes ?? []) {
        const source = typeof volume === 'string' ? volume.split(':')[0]! : volume.source;
        if (source.startsWith('/')) assert.ok(existsSync(source), `${name} mounts ${source}`);
      }
    }
    const prometheus = readFileSync(join(repoRoot, 'docker/prometheus/prometheus.yml'), 'utf8');
    for (const [name, service] of apps()) {
      if (service.restart === 'no' || name === 'seed-gateway') continue;
      assert.ok(
        prometheus.includes(`'${name}:${String(service.environment?.['PORT'])}'`),
        `Prometheus scrapes ${name}`,
      );
    }
  });
});
