import { GraphQLError, isObjectType, type GraphQLSchema } from 'graphql';
import { isJsonObject, ownValue, type JsonObject } from './merge.js';
import type { CollectedField, ConditionVariables, ObjectShape } from './selection-shape.js';
import { leafJson, validLeaf, type ValueShape } from './value-shape.js';

/** How a value was written. */
const enum Written {
  Value,
  Null,
  /** Null because of an error already recorded beneath it. */
  NullWithErrors,
  /** A non-null position got null: the nearest nullable parent must become null. */
  Invalid,
}

/** Per request: what the writer reads besides the data. */
export interface WriteRequest {
  readonly schema: GraphQLSchema;
  readonly conditionKey: string;
  readonly variables: ConditionVariables;
  /** Whether a `__typename` names an object, interface or union type of the schema (memoized). */
  readonly isComposite: (typename: string) => boolean;
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
        const written = this.value(field.shape!, ownValue(input, field.responseName) ?? null, field);
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

  private value(shape: ValueShape, value: unknown, field: CollectedField): Written {
    if (shape.kind === 'nonNull') {
      const written = this.value(shape.inner, value, field);
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
    switch (shape.kind) {
      case 'leaf':
        if (!validLeaf(value, shape.leaf, shape.enumValues)) {
          this.fail(`Invalid value found for ${this.describe(field.enclosing.name)}.`);
          this.out += 'null';
          return Written.NullWithErrors;
        }
        this.out += leafJson(value);
        return Written.Value;
      case 'list': {
        if (!Array.isArray(value))
          throw new Error(`Invalid non-list value returned by subgraph for list type ${shape.description}`);
        const mark = this.out.length;
        let nullify = false;
        this.out += '[';
        for (let index = 0; index < value.length; index++) {
          if (index > 0) this.out += ',';
          this.path.push(index);
          if (this.value(shape.inner, value[index], field) === Written.Invalid) nullify = true;
          this.path.pop();
        }
        if (nullify) return this.cutBack(mark, Written.NullWithErrors);
        this.out += ']';
        return Written.Value;
      }
      case 'object': {
        if (!isJsonObject(value))
          throw new Error(`Invalid non-object value returned by subgraph for composite type ${shape.name}`);
        const typename = value['__typename'];
        if (typename !== undefined && typeof typename !== 'string')
          throw new Error(`Invalid non-string value for __typename at ${this.path.join('.')}`);
        if (typename && !this.request.isComposite(typename)) {
          this.fail(`Invalid __typename found for object at ${this.describe(field.enclosing.name)}.`);
          this.out += 'null';
          return Written.NullWithErrors;
        }
        const mark = this.out.length;
        if (!this.object(field.child!, value, typename || undefined)) return this.cutBack(mark, Written.NullWithErrors);
        return Written.Value;
      }
    }
  }

  /** Replaces what was written since `mark` by null. */
  private cutBack(mark: number, written: Written): Written {
    this.out = `${this.out.slice(0, mark)}null`;
    return written;
  }
}
