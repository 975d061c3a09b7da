import {
  GraphQLError,
  isCompositeType,
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  GraphQLBoolean,
  GraphQLFloat,
  GraphQLID,
  GraphQLInt,
  GraphQLString,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';
import { isJsonObject, ownValue, type JsonObject } from './merge.js';
import type { CollectedField, ConditionVariables, ObjectShape } from './selection-shape.js';

/** How a value was written. */
const enum Written {
  Value,
  Null,
  /** Null because of an error already recorded beneath it. */
  NullWithErrors,
  /** A non-null position got null: the nearest nullable parent must become null. */
  Invalid,
}

const integer = /^-?(?:0|[1-9][0-9]*)$/;
const builtInScalars = new Set<unknown>([GraphQLBoolean, GraphQLFloat, GraphQLID, GraphQLInt, GraphQLString]);

/** A leaf value the subgraph returned, checked against the field's type as Apollo's shaping does. */
function validLeaf(value: unknown, type: GraphQLOutputType): boolean {
  if (isScalarType(type) && !builtInScalars.has(type)) return true;
  if (typeof value === 'boolean') return type === GraphQLBoolean;
  if (typeof value === 'number' && Number.isFinite(value)) {
    if (type === GraphQLInt || type === GraphQLID) return integer.test(String(value));
    return type === GraphQLFloat;
  }
  if (typeof value === 'string') {
    if (isEnumType(type)) return type.getValue(value) !== undefined;
    return type !== GraphQLBoolean && type !== GraphQLInt && type !== GraphQLFloat;
  }
  return false;
}

/** Per request: what the writer reads besides the data. */
export interface WriteRequest {
  readonly schema: GraphQLSchema;
  readonly conditionKey: string;
  readonly variables: ConditionVariables;
  /** Answers `__schema` / `__type` at the root. */
  readonly introspect: (field: CollectedField) => unknown;
}

/**
 * Writes the response's `data` as JSON text straight from the merged subgraph answers,
 * following the operation's selection (aliases, fragments on the runtime type, `@skip` and
 * `@include`), checking leaves, and nulling per the GraphQL spec: a null in a non-null
 * position nulls the nearest nullable parent (the text written for it is cut back).
 * Value-completion errors are collected as Apollo's shaping collects them.
 */
export class ResponseWriter {
  private out = '';
  private readonly path: (string | number)[] = [];
  readonly errors: GraphQLError[] = [];

  constructor(private readonly request: WriteRequest) {}

  /** The JSON of `data` for the root selection, or `null` when a root field nulled it. */
  write(root: ObjectShape, data: JsonObject): string {
    this.out = '';
    return this.object(root, data, undefined) ? this.out : 'null';
  }

  private fail(message: string): void {
    this.errors.push(new GraphQLError(message, { path: [...this.path], extensions: { code: 'INVALID_GRAPHQL' } }));
  }

  private describe(parent: string): string {
    const last = this.path[this.path.length - 1];
    return typeof last === 'string' ? `field ${parent}.${last}` : `array element at index ${String(last)}`;
  }

  private object(shape: ObjectShape, input: JsonObject, typename: string | undefined): boolean {
    const { conditionKey, variables, schema } = this.request;
    const fields = shape.fields(typename, conditionKey, variables);
    this.out += '{';
    for (let index = 0; index < fields.length; index++) {
      const field = fields[index]!;
      this.out += index === 0 ? field.jsonKey : `,${field.jsonKey}`;
      if (field.role === 'value') {
        this.path.push(field.responseName);
        const written = this.value(field.type!, ownValue(input, field.responseName) ?? null, field);
        this.path.pop();
        if (written === Written.Invalid) return false;
      } else if (field.role === 'typename') {
        let value = ownValue(input, field.responseName) ?? null;
        if (value === null && field.responseName !== '__typename') value = ownValue(input, '__typename') ?? null;
        const type = (typeof value === 'string' ? schema.getType(value) : undefined) ?? field.enclosing;
        if (!isObjectType(type)) return false;
        this.out += JSON.stringify(type.name);
      } else {
        this.out += JSON.stringify(this.request.introspect(field) ?? null);
      }
    }
    this.out += '}';
    return true;
  }

  private value(type: GraphQLOutputType, value: unknown, field: CollectedField): Written {
    if (isNonNullType(type)) {
      const written = this.value(type.ofType as GraphQLOutputType, value, field);
      if (written === Written.Null) {
        this.fail(`Cannot return null for non-nullable ${this.describe(field.enclosing.name)}.`);
        return Written.Invalid;
      }
      return written === Written.Value ? Written.Value : Written.Invalid;
    }
    if (value === null || value === undefined) {
      this.out += 'null';
      return Written.Null;
    }
    if (isListType(type)) {
      if (!Array.isArray(value)) throw new Error(`Invalid non-list value returned by subgraph for list type ${type}`);
      const mark = this.out.length;
      let nullify = false;
      this.out += '[';
      for (let index = 0; index < value.length; index++) {
        if (index > 0) this.out += ',';
        this.path.push(index);
        const written = this.value(type.ofType, value[index], field);
        this.path.pop();
        if (written === Written.Invalid) nullify = true;
      }
      if (nullify) return this.cutBack(mark, Written.NullWithErrors);
      this.out += ']';
      return Written.Value;
    }
    if (isCompositeType(type)) {
      if (!isJsonObject(value))
        throw new Error(`Invalid non-object value returned by subgraph for composite type ${type.name}`);
      const typename = value['__typename'];
      if (typename !== undefined && typeof typename !== 'string')
        throw new Error(`Invalid non-string value for __typename at ${this.path.join('.')}`);
      if (typename && !isCompositeType(this.request.schema.getType(typename))) {
        this.fail(`Invalid __typename found for object at ${this.describe(field.enclosing.name)}.`);
        this.out += 'null';
        return Written.NullWithErrors;
      }
      const mark = this.out.length;
      if (!this.object(field.child!, value, typename || undefined)) return this.cutBack(mark, Written.NullWithErrors);
      return Written.Value;
    }
    if (!validLeaf(value, type)) {
      this.fail(`Invalid value found for ${this.describe(field.enclosing.name)}.`);
      this.out += 'null';
      return Written.NullWithErrors;
    }
    this.out += JSON.stringify(value);
    return Written.Value;
  }

  /** Replaces what was written since `mark` by null. */
  private cutBack(mark: number, written: Written): Written {
    this.out = `${this.out.slice(0, mark)}null`;
    return written;
  }
}
