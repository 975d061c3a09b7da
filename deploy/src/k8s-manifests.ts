import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { ConfigMap, Namespace, Service, ServiceAccount } from 'kubernetes-models/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';

/** A Kubernetes object as written in the YAML. */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: unknown;
  data?: Record<string, string>;
  /** The file it came from, relative to the kustomization. */
  file: string;
}

/** Validators of the core kinds, from the Kubernetes OpenAPI schemas (kubernetes-models). */
/** Each model takes its own object type. */
const models: Record<string, new (data: any) => { validate(): void }> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Namespace': Namespace,
  'v1/Service': Service,
  'v1/ServiceAccount': ServiceAccount,
  'apps/v1/Deployment': Deployment,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
};

/** Validates a core object against its schema; throws naming the object on a violation. */
export function validateCoreObject(manifest: Manifest): void {
  const Model = models[`${manifest.apiVersion}/${manifest.kind}`];
  if (!Model) throw new Error(`${manifest.file}: no schema for ${manifest.apiVersion} ${manifest.kind}`);
  const { file: _file, ...object } = manifest;
  try {
    new Model(object).validate();
  } catch (error) {
    throw new Error(`${manifest.file}: ${manifest.kind} ${manifest.metadata.name}: ${(error as Error).message}`);
  }
}

export const isCoreKind = (manifest: Manifest) => `${manifest.apiVersion}/${manifest.kind}` in models;

/** Every object of a kustomization (plain resources files, as `kubectl apply -k` reads them). */
export function loadKustomization(kustomizationFile: string): {
  kustomization: { resources: string[] };
  objects: Manifest[];
} {
  const kustomization = parse(readFileSync(kustomizationFile, 'utf8')) as { resources: string[] };
  const objects: Manifest[] = [];
  for (const file of kustomization.resources) {
    for (const document of parseAllDocuments(readFileSync(join(dirname(kustomizationFile), file), 'utf8'))) {
      if (document.errors.length > 0) throw new Error(`${file}: ${document.errors[0]!.message}`);
      const object = document.toJS() as Omit<Manifest, 'file'> | null;
      if (object) objects.push({ ...object, file });
    }
  }
  return { kustomization, objects };
}
