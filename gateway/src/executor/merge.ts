import type { FetchDataRewrite } from '@apollo/query-planner';
import { isAbstractType, isInterfaceType, isObjectType, type GraphQLSchema } from 'graphql';

/** A JSON object as subgraphs answer it and the executor merges it. */
export type JsonObject = Record<string, unknown>;

export const isJsonObject = (value: unknown): value is JsonObject =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const hasOwn = (object: object, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key);

/**
 * `object[key]` only when `key` is its own property (a subgraph may name a field `constructor`).
 * JSON values are never functions, and every inherited property of a plain object is a function
 * but `__proto__`: no hasOwnProperty call on the common path.
 */
export function ownValue(object: JsonObject, key: string): unknown {
  if (key === '__proto__') return hasOwn(object, key) ? object[key] : undefined;
  const value = object[key];
  return typeof value === 'function' ? undefined : value;
}

/** Sets `object[key]` as an own property, `__proto__` included (the only inherited setter of a plain object). */
function setOwn(object: JsonObject, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(object, key, { configurable: true, enumerable: true, writable: true, value });
  } else {
    object[key] = value;
  }
}

/**
 * Merges a subgraph's answer into the result so far, as Apollo's executor does: objects merge
 * key by key, lists of the same length element by element, anything else replaces.
 */
export function deepMerge(target: JsonObject, source: unknown): void {
  if (!isJsonObject(source)) return;
  for (const key in source) {
    if (!hasOwn(source, key)) continue;
    const value = source[key];
    if (value === undefined) continue;
    const existing = ownValue(target, key);
    if (existing && isJsonObject(value) && typeof existing === 'object') {
      deepMerge(existing as JsonObject, value);
    } else if (Array.isArray(value) && Array.isArray(existing) && value.length === existing.length) {
      for (let index = 0; index < value.length; index++) {
        const element: unknown = value[index];
        const previous: unknown = existing[index];
        if (isJsonObject(previous) && isJsonObject(element)) deepMerge(previous, element);
        else existing[index] = element;
      }
    } else {
      setOwn(target, key, value);
    }
  }
}

/** Whether `object` (by its `__typename`) is of `typeCondition`, in the supergraph schema. */
export function isObjectOfType(
  schema: GraphQLSchema,
  object: JsonObject,
  typeCondition: string,
  whenTypenameUnknown = false,
): boolean {
  const typename = object['__typename'];
  if (typeof typename !== 'string' || typename === '') return whenTypenameUnknown;
  if (typename === typeCondition) return true;
  const type = schema.getType(typename);
  const condition = schema.getType(typeCondition);
  if (!type || !condition || !isAbstractType(condition)) return false;
  return (isObjectType(type) || isInterfaceType(type)) && schema.isSubType(condition, type);
}

const fragmentPrefix = '... on ';

function applyAtPath(
  schema: GraphQLSchema,
  path: readonly string[],
  at: number,
  value: unknown,
  apply: (object: JsonObject) => void,
): void {
  if (Array.isArray(value)) {
    for (const element of value) applyAtPath(schema, path, at, element, apply);
    return;
  }
  if (!isJsonObject(value)) return;
  if (at === path.length) {
    apply(value);
    return;
  }
  const element = path[at]!;
  if (element.startsWith(fragmentPrefix)) {
    if (isObjectOfType(schema, value, element.slice(fragmentPrefix.length), true))
      applyAtPath(schema, path, at + 1, value, apply);
  } else {
    applyAtPath(schema, path, at + 1, ownValue(value, element), apply);
  }
}

/**
 * The planner's rewrites of a fetch's input (representations) or output: a value set at a
 * path (`__typename` of an interface object) or a key renamed (an alias the planner added).
 */
export function applyRewrites(
  schema: GraphQLSchema,
  rewrites: readonly FetchDataRewrite[] | undefined,
  value: unknown,
): void {
  if (!rewrites) return;
  for (const rewrite of rewrites) {
    if (rewrite.path.length === 0) continue;
    const field = rewrite.path[rewrite.path.length - 1]!;
    const parent = rewrite.path.slice(0, -1);
    applyAtPath(
      schema,
      parent,
      0,
      value,
      rewrite.kind === 'ValueSetter'
        ? (object) => setOwn(object, field, rewrite.setValueTo)
        : (object) => {
            const renamed = ownValue(object, field);
            if (renamed) {
              setOwn(object, rewrite.renameKeyTo, renamed);
              object[field] = undefined;
            }
          },
    );
  }
}
