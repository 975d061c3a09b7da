import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { FetchNode, ResponsePath } from '@apollo/query-planner';
import type { GatewayGraphQLRequestContext, GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { GraphQLError, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import { applyRewrites, deepMerge, isJsonObject, ownValue, type JsonObject } from './merge.js';
import type { RepresentationReader } from './representation.js';

/** Where a plan node works: the result objects at a path of the response (`@` = every element). */
export interface Cursor {
  readonly path: ResponsePath;
  readonly data: unknown;
}

/** One execution of a plan: its request, its subgraphs, the result being merged and the errors so far. */
export interface PlanRun {
  readonly requestContext: GatewayGraphQLRequestContext;
  readonly services: Readonly<Record<string, { readonly dataSource: GraphQLDataSource }>>;
  readonly supergraphSchema: GraphQLSchema;
  readonly variables: Readonly<Record<string, unknown>>;
  readonly data: JsonObject;
  readonly errors: unknown[];
}

/** A Fetch node with its representation reader, compiled once per plan. */
export interface CompiledFetch {
  readonly node: FetchNode;
  readonly representation: RepresentationReader | undefined;
}

/** GraphQLDataSourceRequestKind.INCOMING_OPERATION (the enum is not exported at run time). */
const incomingOperation = 'incoming operation' as Extract<
  GraphQLDataSourceProcessOptions,
  { incomingRequestContext: unknown }
>['kind'];

const hasOwn = (object: object, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key);

function fetchVariables(run: PlanRun, usages: readonly string[] | undefined): JsonObject {
  const variables: JsonObject = {};
  if (usages) {
    for (const name of usages) {
      const value = hasOwn(run.variables, name) ? run.variables[name] : undefined;
      if (value !== undefined) variables[name] = value;
    }
  }
  return variables;
}

/** Every path of the response the objects under `cursorPath` sit at (for entity error paths). */
function hydratedPaths(cursorPath: ResponsePath, data: unknown): ResponsePath[] {
  const paths: ResponsePath[] = [];
  const walk = (prefix: ResponsePath, at: number, value: unknown): void => {
    if (value === null || value === undefined) return;
    if (at === cursorPath.length) {
      paths.push(prefix.slice());
      return;
    }
    const head = cursorPath[at]!;
    if (head === '@' || (typeof head === 'string' && Array.isArray(value))) {
      if (!Array.isArray(value)) return;
      value.forEach((element: unknown, index) => {
        prefix.push(index);
        walk(prefix, head === '@' ? at + 1 : at, element);
        prefix.pop();
      });
    } else if (typeof head === 'string' && isJsonObject(value) && hasOwn(value, head)) {
      prefix.push(head);
      walk(prefix, at + 1, value[head]);
      prefix.pop();
    }
  };
  walk([], 0, data);
  return paths;
}

/**
 * A subgraph error as the client sees it: its path moved into the response (an `_entities`
 * index becomes the entity's place), the subgraph named in `serviceName` (removed again by
 * formatError), and DOWNSTREAM_SERVICE_ERROR when the subgraph gave no code — as Apollo does.
 */
function downstreamErrors(run: PlanRun, fetch: FetchNode, cursor: Cursor, errors: readonly GraphQLFormattedError[]) {
  let entityPaths: ResponsePath[] | undefined;
  for (const error of errors) {
    let path: ResponsePath | undefined;
    if (error.path) {
      if (fetch.requires && typeof error.path[1] === 'number') {
        entityPaths ??= hydratedPaths(cursor.path, run.data);
        path = [...(entityPaths[error.path[1]] ?? []), ...error.path.slice(2)];
      } else {
        path = [...cursor.path, ...error.path];
      }
    }
    const extensions: Record<string, unknown> = { ...error.extensions, serviceName: fetch.serviceName };
    if (extensions['code'] === undefined) extensions['code'] = 'DOWNSTREAM_SERVICE_ERROR';
    const message = error.message || `Error while fetching subquery from service "${fetch.serviceName}"`;
    run.errors.push(
      new GraphQLError(message, { path, extensions, originalError: Object.assign(new Error(message), error) }),
    );
  }
}

async function send(run: PlanRun, fetch: FetchNode, cursor: Cursor, variables: JsonObject): Promise<unknown> {
  const service = run.services[fetch.serviceName]?.dataSource;
  if (!service) throw new Error(`Couldn't find service with name "${fetch.serviceName}"`);
  const response: GatewayGraphQLResponse = await service.process({
    kind: incomingOperation,
    request: { query: fetch.operation, variables, operationName: fetch.operationName },
    incomingRequestContext: run.requestContext,
    context: run.requestContext.context,
    document: fetch.operationDocumentNode,
    pathInIncomingRequest: cursor.path,
  });
  if (response.errors) downstreamErrors(run, fetch, cursor, response.errors);
  return response.data;
}

/** The non-null objects a fetch works on. */
function entitiesAt(cursor: Cursor): unknown[] {
  if (!Array.isArray(cursor.data)) return [cursor.data];
  const entities: unknown[] = [];
  for (const value of cursor.data as unknown[]) if (value !== null && value !== undefined) entities.push(value);
  return entities;
}

/**
 * Runs one Fetch node: a root fetch merges its answer into every object at the cursor; an
 * entity fetch sends the representations of the objects that have one and merges each
 * returned entity into the object it came from.
 */
export async function runFetch(run: PlanRun, compiled: CompiledFetch, cursor: Cursor): Promise<void> {
  const { node: fetch, representation } = compiled;
  const entities = entitiesAt(cursor);
  if (entities.length === 0) return;
  const variables = fetchVariables(run, fetch.variableUsages);
  if (!representation) {
    const received = await send(run, fetch, cursor, variables);
    if (received) applyRewrites(run.supergraphSchema, fetch.outputRewrites, received);
    for (const entity of entities) if (isJsonObject(entity)) deepMerge(entity, received);
    return;
  }
  const representations: JsonObject[] = [];
  const targets: JsonObject[] = [];
  for (const entity of entities) {
    const value = representation(run.supergraphSchema, entity);
    if (value && value['__typename']) {
      applyRewrites(run.supergraphSchema, fetch.inputRewrites, value);
      representations.push(value);
      targets.push(entity as JsonObject);
    }
  }
  if (representations.length === 0) return;
  if ('representations' in variables) throw new Error('Variables cannot contain key "representations"');
  variables['representations'] = representations;
  const received = await send(run, fetch, cursor, variables);
  if (!received) return;
  const returned = isJsonObject(received) ? ownValue(received, '_entities') : undefined;
  if (!Array.isArray(returned)) throw new Error('Expected "data._entities" in response to be an array');
  if (returned.length !== representations.length)
    throw new Error(`Expected "data._entities" to contain ${representations.length} elements`);
  for (let index = 0; index < returned.length; index++) {
    const entity: unknown = returned[index];
    const target = targets[index]!;
    if (isJsonObject(entity) && !entity['__typename']) entity['__typename'] = target['__typename'];
    applyRewrites(run.supergraphSchema, fetch.outputRewrites, entity);
    deepMerge(target, entity);
  }
}
