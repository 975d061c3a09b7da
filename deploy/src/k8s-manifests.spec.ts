import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig, secretSettings } from '@salesgraph/config';
import { allTopics } from '@salesgraph/events';
import { configSchemas, unknownVariables } from './config-schemas.js';
import { isCoreKind, loadKustomization, validateCoreObject, type Manifest } from './k8s-manifests.js';
import { repoRoot, subgraphNames } from './services.js';

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { fieldRef?: object; configMapKeyRef?: { name: string; key: string }; secretKeyRef?: object };
}
interface Probe {
  httpGet?: { path: string; port: string | number };
}
interface Container {
  name: string;
  command: string[];
  env?: EnvVar[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: object }[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  ports?: { name: string; containerPort: number }[];
}
interface PodTemplate {
  metadata: { labels: Record<string, string>; annotations?: Record<string, string> };
  spec: { containers: Container[]; volumes?: { secret?: object }[]; securityContext?: { runAsNonRoot?: boolean } };
}
type Selector = { matchLabels?: Record<string, string> };

const k8s = join(repoRoot, 'deploy/k8s');
const vaultDir = '/vault/secrets/';

/** Placeholder secret values of the right shape, standing for what Vault Agent renders. */
const placeholder = (file: string) =>
  /secret$/.test(file) ? `placeholder-${file}-0123456789abcdef0123456789` : `placeholder-${file}`;

describe('deploy/k8s: the Kubernetes manifests', () => {
  let objects: Manifest[];
  let topics: Manifest[];
  let secretsDir: string;
  const of = (kind: string) => objects.filter((object) => object.kind === kind);
  const deployments = () => of('Deployment') as (Manifest & { spec: { template: PodTemplate } })[];
  const configMap = (name: string) => of('ConfigMap').find((map) => map.metadata.name === name)?.data ?? {};

  before(() => {
    objects = loadKustomization(join(k8s, 'kustomization.yaml')).objects;
    topics = loadKustomization(join(k8s, 'kafka-topics/kustomization.yaml')).objects;
    secretsDir = mkdtempSync(join(tmpdir(), 'salesgraph-vault-'));
  });
  after(() => rmSync(secretsDir, { recursive: true, force: true }));

  it('lists every manifest file in its kustomization', () => {
    const { kustomization } = loadKustomization(join(k8s, 'kustomization.yaml'));
    const files = readdirSync(k8s).filter((file) => file.endsWith('.yaml') && file !== 'kustomization.yaml');
    assert.deepEqual([...kustomization.resources].sort(), files.sort());
  });

  it('is valid against the Kubernetes schemas, object by object', () => {
    assert.ok(objects.length > 30);
    for (const object of objects) {
      assert.ok(isCoreKind(object), `${object.file}: ${object.apiVersion} ${object.kind} is a kind we validate`);
      validateCoreObject(object);
    }
  });

  it('runs the gateway, every subgraph and every relay, each with readiness and liveness probes and resources', () => {
    const names = deployments().map((deployment) => deployment.metadata.name);
    assert.deepEqual(
      names.sort(),
      ['gateway', ...subgraphNames, ...subgraphNames.map((name) => `${name}-relay`)].sort(),
    );
    for (const deployment of deployments()) {
      const pod = deployment.spec.template;
      assert.equal(pod.spec.securityContext?.runAsNonRoot, true, `${deployment.metadata.name} runs as non-root`);
      for (const container of pod.spec.containers) {
        const where = `${deployment.metadata.name}/${container.name}`;
        assert.equal(container.readinessProbe?.httpGet?.path, '/readyz', `${where} readiness`);
        assert.equal(container.livenessProbe?.httpGet?.path, '/healthz', `${where} liveness`);
        const port = container.readinessProbe?.httpGet?.port;
        assert.ok(
          container.ports?.some((p) => p.name === port || p.containerPort === port),
          `${where} probes its port`,
        );
        assert.ok(
          container.resources?.requests?.['cpu'] && container.resources.requests['memory'],
          `${where} requests`,
        );
        assert.ok(container.resources?.limits?.['memory'], `${where} memory limit`);
      }
    }
  });

  it('protects every Deployment with a PodDisruptionBudget, and scales the gateway and subgraphs with an HPA', () => {
    const selects = (selector: Selector | undefined, labels: Record<string, string>) =>
      Object.entries(selector?.matchLabels ?? {}).every(([key, value]) => labels[key] === value) &&
      Object.keys(selector?.matchLabels ?? {}).length > 0;
    for (const deployment of deployments()) {
      const labels = deployment.spec.template.metadata.labels;
      const budgets = of('PodDisruptionBudget').filter((pdb) =>
        selects((pdb.spec as { selector: Selector }).selector, labels),
      );
      assert.equal(budgets.length, 1, `${deployment.metadata.name} has one PodDisruptionBudget`);
    }
    for (const name of ['gateway', ...subgraphNames]) {
      const hpa = of('HorizontalPodAutoscaler').find(
        (object) => (object.spec as { scaleTargetRef: { kind: string; name: string } }).scaleTargetRef.name === name,
      );
      assert.ok(hpa, `${name} has an HPA`);
      assert.ok((hpa.spec as { minReplicas: number }).minReplicas >= 2, `${name}: at least two replicas`);
    }
  });

  it('lets only the gateway (and Prometheus, for /metrics) reach the subgraphs', () => {
    const policies = of('NetworkPolicy').map((policy) => ({
      name: policy.metadata.name,
      spec: policy.spec as {
        podSelector: { matchLabels?: Record<string, string>; matchExpressions?: { key: string; values: string[] }[] };
        policyTypes: string[];
        ingress: { from: { podSelector?: Selector; namespaceSelector?: Selector }[] }[];
      },
    }));
    const forSubgraphs = policies.filter(({ spec }) =>
      spec.podSelector.matchExpressions?.some(
        (e) => e.key === 'app.kubernetes.io/component' && e.values.includes('subgraph'),
      ),
    );
    assert.equal(forSubgraphs.length, 1);
    const [policy] = forSubgraphs;
    assert.ok(policy!.spec.policyTypes.includes('Ingress'));
    const peers = policy!.spec.ingress.flatMap((rule) => rule.from);
    for (const peer of peers) {
      const pod = peer.podSelector?.matchLabels?.['app.kubernetes.io/name'];
      const fromMonitoring = peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === 'monitoring';
      assert.ok(
        (pod === 'gateway' && !peer.namespaceSelector) || (pod === 'prometheus' && fromMonitoring),
        `peer ${JSON.stringify(peer)}`,
      );
    }
    assert.ok(peers.some((peer) => peer.podSelector?.matchLabels?.['app.kubernetes.io/name'] === 'gateway'));
    const urls = configMap('salesgraph-gateway')['SUBGRAPH_URLS'] ?? '';
    for (const service of of('Service').filter((s) => subgraphNames.includes(s.metadata.name as never))) {
      const port = (service.spec as { ports: { port: number }[] }).ports[0]!.port;
      assert.ok(
        urls.includes(`${service.metadata.name}=http://${service.metadata.name}:${port}/graphql`),
        service.metadata.name,
      );
    }
  });

  it('takes every secret from Vault Agent as a file: no Kubernetes Secret, no secret value in env or ConfigMap', () => {
    assert.equal(of('Secret').length, 0);
    for (const map of of('ConfigMap'))
      for (const [key, value] of Object.entries(map.data ?? {})) {
        // A database URL is a secret only with credentials in it; here they come from Vault.
        if (key === 'DATABASE_URL') assert.doesNotMatch(value, /\/\/[^/]*@/, 'no credentials in DATABASE_URL');
        else assert.ok(!(secretSettings as readonly string[]).includes(key), `${map.metadata.name} holds ${key}`);
      }
    for (const deployment of deployments()) {
      const pod = deployment.spec.template;
      const annotations = pod.metadata.annotations ?? {};
      assert.equal(annotations['vault.hashicorp.com/agent-inject'], 'true', deployment.metadata.name);
      assert.ok(annotations['vault.hashicorp.com/role'], `${deployment.metadata.name} has a Vault role`);
      assert.ok(!(pod.spec.volumes ?? []).some((volume) => volume.secret), 'no Secret volume');
      for (const container of pod.spec.containers) {
        assert.ok(!(container.envFrom ?? []).some((source) => source.secretRef), 'no secretRef');
        for (const variable of container.env ?? []) {
          const where = `${deployment.metadata.name}: ${variable.name}`;
          assert.equal(variable.valueFrom?.secretKeyRef, undefined, where);
          assert.ok(!(secretSettings as readonly string[]).includes(variable.name), `${where} must be given as _FILE`);
          if (variable.name.endsWith('_FILE') && variable.value?.startsWith(vaultDir)) {
            const file = variable.value.slice(vaultDir.length);
            assert.ok(
              annotations[`vault.hashicorp.com/agent-inject-secret-${file}`],
              `${where}: Vault injects ${file}`,
            );
            assert.ok(
              annotations[`vault.hashicorp.com/agent-inject-template-${file}`],
              `${where}: template for ${file}`,
            );
          }
        }
        const secretFiles = (container.env ?? []).filter((variable) =>
          secretSettings.some((secret) => variable.name === `${secret}_FILE`),
        );
        for (const variable of secretFiles)
          assert.ok(variable.value?.startsWith(vaultDir), `${variable.name} from Vault`);
      }
    }
  });

  it('gives every container an environment its configuration schema accepts, with no unknown setting', () => {
    for (const deployment of deployments()) {
      for (const container of deployment.spec.template.spec.containers) {
        const schema = configSchemas[container.command[1]!];
        assert.ok(schema, `${deployment.metadata.name}: ${container.command[1]} is a known entry point`);
        const env: Record<string, string> = {};
        for (const source of container.envFrom ?? []) Object.assign(env, configMap(source.configMapRef!.name));
        for (const variable of container.env ?? []) {
          const ref = variable.valueFrom?.configMapKeyRef;
          env[variable.name] = ref
            ? configMap(ref.name)[ref.key]!
            : (variable.value ?? `${deployment.metadata.name}-pod`);
        }
        assert.deepEqual(unknownVariables(schema, env), [], `${deployment.metadata.name}: unknown settings`);
        // What Vault Agent renders, as placeholder files of the right shape.
        for (const [name, value] of Object.entries(env)) {
          if (!value.startsWith(vaultDir)) continue;
          const file = join(secretsDir, value.slice(vaultDir.length));
          writeFileSync(file, `${placeholder(value.slice(vaultDir.length))}\n`);
          env[name] = file;
        }
        assert.doesNotThrow(() => parseConfig(schema, env), `${deployment.metadata.name} accepts its environment`);
      }
    }
  });

  it('declares every topic of the graph as a Strimzi KafkaTopic with RF 3, min ISR 2 and the retention of the topic policy', () => {
    const policy = configMap('salesgraph-topics');
    assert.equal(policy['KAFKA_TOPICS_CREATE'], 'false', 'production expects the platform to create topics');
    assert.equal(configMap('salesgraph-common')['KAFKA_NAMESPACE'], undefined, 'topic names carry no namespace');
    const declared = topics.map((topic) => (topic.spec as { topicName: string }).topicName);
    assert.deepEqual([...declared].sort(), [...allTopics].sort());
    for (const topic of topics) {
      assert.equal(topic.apiVersion, 'kafka.strimzi.io/v1beta2');
      assert.equal(topic.kind, 'KafkaTopic');
      assert.ok(topic.metadata.labels?.['strimzi.io/cluster'], 'names its Kafka cluster');
      assert.match(topic.metadata.name, /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'a valid object name');
      const spec = topic.spec as {
        topicName: string;
        partitions: number;
        replicas: number;
        config: Record<string, number>;
      };
      assert.equal(spec.replicas, 3);
      assert.equal(String(spec.replicas), policy['KAFKA_TOPIC_REPLICATION_FACTOR']);
      assert.equal(String(spec.partitions), policy['KAFKA_TOPIC_PARTITIONS']);
      assert.equal(spec.config['min.insync.replicas'], 2);
      assert.equal(String(spec.config['min.insync.replicas']), policy['KAFKA_TOPIC_MIN_INSYNC_REPLICAS']);
      const retention = spec.topicName.endsWith('.dlq')
        ? policy['KAFKA_DLQ_RETENTION_MS']
        : policy['KAFKA_TOPIC_RETENTION_MS'];
      assert.equal(String(spec.config['retention.ms']), retention, `${spec.topicName} retention`);
    }
  });
});
